using LlmDistill.Gguf;
using LlmDistill.Gguf.Llama;
using LlmDistill.Gguf.Tokenizer;
using LlmDistill.Training.Export;

namespace LlmDistill.Training.Tests.Import;

/// <summary>Random pretrained-looking GGUFs (llama, and qwen2 made from a llama file) for the importer tests.</summary>
internal static class ImportModels
{
    /// <summary>The byte vocabulary of <see cref="StudentTokenizerMetadata.ForBytes"/> with a pre-tokenizer our GGUF tokenizer knows.</summary>
    public static GgufTokenizerMetadata Vocabulary { get; } = StudentTokenizerMetadata.ForBytes() with { Pre = "gpt-2" };

    /// <summary>Every dimension a multiple of 32, so Q8_0 quantizes every matrix; RoPE base and epsilon not the defaults.</summary>
    public static LlamaHyperParameters Parameters(int heads, int kvHeads, bool tied, int contextLength = 64) =>
        new(Vocabulary.Tokens.Length, embeddingLength: 64, blockCount: 2, headCount: heads, headCountKv: kvHeads,
            feedForwardLength: 160, contextLength: contextLength, ropeFreqBase: 50_000f, rmsNormEpsilon: 1e-6f, tiedEmbeddings: tied);

    /// <summary>
    /// Matrices N(0, 1/fan-in), embedding and head N(0, 1): logits spread over several units, so a row
    /// in the wrong place shows.
    /// </summary>
    public static string WriteLlama(string path, LlamaHyperParameters parameters, GgufTensorType type = GgufTensorType.F32, int seed = 11)
    {
        var writer = new LlamaGgufWriter(parameters, type, "random-llama");
        writer.SetTokenizer(Vocabulary);
        writer.FillRandom(seed, spec => spec.Name is "token_embd.weight" or "output.weight" ? 1f : 1f / MathF.Sqrt(spec.Shape[0]));
        writer.Write(path);
        return path;
    }

    /// <summary>
    /// The llama file at <paramref name="llamaPath"/> relabelled as qwen2 (<c>qwen2.*</c> keys), plus Q/K/V
    /// biases N(0, <paramref name="biasStd"/>²) (0: all zero). Tensors keep their bytes.
    /// </summary>
    public static string WriteQwen2(string path, string llamaPath, float biasStd = 0.5f, int seed = 5) =>
        WithBiases(path, llamaPath, "qwen2", biasStd, seed);

    /// <summary>The llama file at <paramref name="llamaPath"/> as <paramref name="architecture"/> with Q/K/V biases.</summary>
    public static string WithBiases(string path, string llamaPath, string architecture, float biasStd = 0.5f, int seed = 5)
    {
        var llama = GgufFile.Read(llamaPath);
        var writer = new GgufWriter();
        foreach (var (key, value) in llama.Metadata)
        {
            if (key == GgufKeys.Architecture)
                writer.SetString(key, architecture);
            else if (key.StartsWith("llama.", StringComparison.Ordinal))
                writer.Set(architecture + "." + key["llama.".Length..], value);
            else
                writer.Set(key, value);
        }
        foreach (var t in llama.Tensors)
            writer.AddTensor(t.Name, t.Shape.ToArray(), t.Type, stream => llama.CopyTensorBytes(t, stream));
        var random = new Random(seed);
        var embd = llama.GetInt32("llama.embedding_length");
        var kv = llama.GetInt32("llama.attention.head_count_kv") * (embd / llama.GetInt32("llama.attention.head_count"));
        for (var i = 0; i < llama.GetInt32("llama.block_count"); i++)
        {
            foreach (var (name, length) in new[] { ("attn_q", embd), ("attn_k", kv), ("attn_v", kv) })
            {
                var bias = Enumerable.Range(0, length).Select(_ => biasStd * (float)((random.NextDouble() * 2) - 1) * 1.7f).ToArray();
                writer.AddTensor($"blk.{i}.{name}.bias", [length], bias);
            }
        }
        writer.Write(path);
        return path;
    }

    /// <summary>A copy of <paramref name="source"/> with some metadata changed and tensors dropped or added.</summary>
    public static string Rewrite(string path, string source, Action<GgufWriter>? metadata = null, string? dropTensor = null, (string Name, long[] Shape)? addTensor = null)
    {
        var file = GgufFile.Read(source);
        var writer = new GgufWriter();
        foreach (var (key, value) in file.Metadata)
            writer.Set(key, value);
        metadata?.Invoke(writer);
        foreach (var t in file.Tensors.Where(t => t.Name != dropTensor))
            writer.AddTensor(t.Name, t.Shape.ToArray(), t.Type, stream => file.CopyTensorBytes(t, stream));
        if (addTensor is { } extra)
            writer.AddTensor(extra.Name, extra.Shape, new float[extra.Shape.Aggregate(1L, (a, b) => a * b)]);
        writer.Write(path);
        return path;
    }
}
