using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmDistill.Training.Model;

/// <summary>
/// Causal self-attention with grouped-query heads: <c>n_head</c> query heads share <c>n_head_kv</c>
/// key/value heads, query head h reading kv head h / (n_head / n_head_kv) — the grouping llama.cpp's
/// broadcasting uses. No biases (llama), or Q/K/V biases with <see cref="StudentConfig.AttentionBias"/> (qwen2). Fields q, k, v, output become <c>blk.N.attn_q</c>, … on export.
/// </summary>
/// <remarks>
/// Only a causal mask is applied. With right padding that is enough: a real token never sees a pad
/// (pads come after it), and pad positions carry no loss. Packed rows let a token see earlier
/// examples of the same row (the usual packing trade-off).
/// </remarks>
public sealed class Attention : nn.Module<Tensor, Tensor>
{
    private readonly int _heads;
    private readonly int _kvHeads;
    private readonly int _headDim;
    private readonly RotaryEmbedding _rope;
    private readonly Linear q;
    private readonly Linear k;
    private readonly Linear v;
    private readonly Linear output;

    public Attention(StudentConfig config, string name = "attn")
        : base(name)
    {
        _heads = config.HeadCount;
        _kvHeads = config.KvHeadCount;
        _headDim = config.HeadDim;
        _rope = new RotaryEmbedding(config.HeadDim, config.RopeTheta);
        q = nn.Linear(config.EmbeddingSize, _heads * _headDim, hasBias: config.AttentionBias);
        k = nn.Linear(config.EmbeddingSize, _kvHeads * _headDim, hasBias: config.AttentionBias);
        v = nn.Linear(config.EmbeddingSize, _kvHeads * _headDim, hasBias: config.AttentionBias);
        output = nn.Linear(_heads * _headDim, config.EmbeddingSize, hasBias: false);
        RegisterComponents();
    }

    // x: (B, T, C) → (B, T, C)
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var (b, t) = (x.shape[0], x.shape[1]);
        var queries = q.Project(x).view(b, t, _heads, _headDim).transpose(1, 2);  // (B, H, T, D)
        var keys = k.Project(x).view(b, t, _kvHeads, _headDim).transpose(1, 2);   // (B, Hkv, T, D)
        var values = v.Project(x).view(b, t, _kvHeads, _headDim).transpose(1, 2); // (B, Hkv, T, D)
        queries = _rope.Apply(queries);
        keys = _rope.Apply(keys);
        if (_kvHeads != _heads)
        {
            // (B, Hkv, T, D) → (B, H, T, D): kv head j serves query heads j·g … j·g+g-1
            var group = _heads / _kvHeads;
            keys = keys.repeat_interleave(group, dim: 1);
            values = values.repeat_interleave(group, dim: 1);
        }
        var attended = nn.functional.scaled_dot_product_attention(queries, keys, values, is_casual: true); // (B, H, T, D)
        var merged = attended.transpose(1, 2).contiguous().view(b, t, _heads * _headDim);             // (B, T, C)
        return output.Project(merged).MoveToOuterDisposeScope();
    }
}
