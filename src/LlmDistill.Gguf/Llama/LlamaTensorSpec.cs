namespace LlmDistill.Gguf.Llama;

/// <summary>
/// One tensor of a llama model: its llama.cpp name and GGUF shape (innermost first, so a PyTorch
/// <c>nn.Linear(in, out)</c> weight of shape (out, in) is <c>[in, out]</c>).
/// </summary>
public sealed record LlamaTensorSpec(string Name, IReadOnlyList<long> Shape, bool IsNorm)
{
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Every tensor llama.cpp expects for <paramref name="p"/>, in the order we write them.</summary>
    public static IReadOnlyList<LlamaTensorSpec> For(LlamaHyperParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        long embd = p.EmbeddingLength, vocab = p.VocabSize, ff = p.FeedForwardLength, kv = p.KvLength;
        var specs = new List<LlamaTensorSpec> { new("token_embd.weight", [embd, vocab], false) };
        for (var i = 0; i < p.BlockCount; i++)
        {
            specs.Add(new($"blk.{i}.attn_norm.weight", [embd], true));
            specs.Add(new($"blk.{i}.attn_q.weight", [embd, embd], false));
            specs.Add(new($"blk.{i}.attn_k.weight", [embd, kv], false));
            specs.Add(new($"blk.{i}.attn_v.weight", [embd, kv], false));
            if (p.AttentionBias)
            {
                // 1-D, so stored in F32 whatever the weight type.
                specs.Add(new($"blk.{i}.attn_q.bias", [embd], false));
                specs.Add(new($"blk.{i}.attn_k.bias", [kv], false));
                specs.Add(new($"blk.{i}.attn_v.bias", [kv], false));
            }
            specs.Add(new($"blk.{i}.attn_output.weight", [embd, embd], false));
            specs.Add(new($"blk.{i}.ffn_norm.weight", [embd], true));
            specs.Add(new($"blk.{i}.ffn_gate.weight", [embd, ff], false));
            specs.Add(new($"blk.{i}.ffn_up.weight", [embd, ff], false));
            specs.Add(new($"blk.{i}.ffn_down.weight", [ff, embd], false));
        }
        specs.Add(new("output_norm.weight", [embd], true));
        if (!p.TiedEmbeddings)
            specs.Add(new("output.weight", [embd, vocab], false));
        return specs;
    }
}
