namespace LlmDistill.Gguf.Llama;

/// <summary>
/// The shape of a llama-architecture model, as llama.cpp reads it from <c>llama.*</c> metadata.
/// Validated on construction.
/// </summary>
public sealed record LlamaHyperParameters
{
    public LlamaHyperParameters(
        int vocabSize,
        int embeddingLength,
        int blockCount,
        int headCount,
        int headCountKv,
        int feedForwardLength,
        int contextLength = 2048,
        float ropeFreqBase = 10000f,
        float rmsNormEpsilon = 1e-5f,
        bool tiedEmbeddings = false,
        bool attentionBias = false)
    {
        Require(vocabSize > 0, "vocabulary size must be positive");
        Require(embeddingLength > 0 && blockCount > 0 && headCount > 0 && headCountKv > 0 && feedForwardLength > 0 && contextLength > 0,
            "every dimension must be positive");
        Require(embeddingLength % headCount == 0, $"embedding length {embeddingLength} is not a multiple of head count {headCount}");
        Require(headCount % headCountKv == 0, $"head count {headCount} is not a multiple of the KV head count {headCountKv}");
        Require(embeddingLength / headCount % 2 == 0, "head dimension must be even for RoPE");
        Require(ropeFreqBase > 0 && float.IsFinite(ropeFreqBase), "rope frequency base must be positive");
        Require(rmsNormEpsilon > 0 && float.IsFinite(rmsNormEpsilon), "RMS norm epsilon must be positive");
        VocabSize = vocabSize;
        EmbeddingLength = embeddingLength;
        BlockCount = blockCount;
        HeadCount = headCount;
        HeadCountKv = headCountKv;
        FeedForwardLength = feedForwardLength;
        ContextLength = contextLength;
        RopeFreqBase = ropeFreqBase;
        RmsNormEpsilon = rmsNormEpsilon;
        TiedEmbeddings = tiedEmbeddings;
        AttentionBias = attentionBias;
    }

    public int VocabSize { get; }

    /// <summary>n_embd: width of the residual stream.</summary>
    public int EmbeddingLength { get; }

    /// <summary>n_layer.</summary>
    public int BlockCount { get; }

    public int HeadCount { get; }

    /// <summary>Key/value heads (grouped-query attention when fewer than <see cref="HeadCount"/>).</summary>
    public int HeadCountKv { get; }

    /// <summary>n_ff: hidden width of the SwiGLU MLP.</summary>
    public int FeedForwardLength { get; }

    public int ContextLength { get; }

    public float RopeFreqBase { get; }

    public float RmsNormEpsilon { get; }

    /// <summary>When true there is no output.weight; llama.cpp reuses token_embd.weight as the output head.</summary>
    public bool TiedEmbeddings { get; }

    /// <summary>Q, K and V carry biases (a model initialised from qwen2); llama.cpp's llama graph applies them.</summary>
    public bool AttentionBias { get; }

    public int HeadDimension => EmbeddingLength / HeadCount;

    /// <summary>Width of the K and V projections: KV heads × head dimension.</summary>
    public int KvLength => HeadCountKv * HeadDimension;

    private static void Require(bool condition, string message)
    {
        if (!condition)
            throw new ArgumentException($"invalid llama hyper-parameters: {message}");
    }
}
