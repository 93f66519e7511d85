using System.Text.Json.Serialization;
using LlmDistill.Core.Errors;

namespace LlmDistill.Training.Model;

/// <summary>
/// Shape of a llama-architecture student. JSON names are llama.cpp's GGUF keys (<c>llama.*</c>) so the
/// checkpoint's <c>config.json</c> reads like the exported model's metadata.
/// </summary>
public sealed record StudentConfig
{
    /// <summary>Token count of the tokenizer, BOS/EOS/PAD included. No default: it comes from the tokenizer.</summary>
    [JsonPropertyName("vocab_size")] public required int VocabSize { get; init; }

    /// <summary>n_embd: width of the residual stream.</summary>
    [JsonPropertyName("embedding_length")] public int EmbeddingSize { get; init; } = 256;

    /// <summary>n_layer: transformer blocks.</summary>
    [JsonPropertyName("block_count")] public int LayerCount { get; init; } = 4;

    /// <summary>n_head: query heads; EmbeddingSize must divide by it.</summary>
    [JsonPropertyName("attention.head_count")] public int HeadCount { get; init; } = 8;

    /// <summary>n_head_kv: key/value heads (grouped-query attention); must divide HeadCount. Equal = plain MHA.</summary>
    [JsonPropertyName("attention.head_count_kv")] public int KvHeadCount { get; init; } = 8;

    /// <summary>n_ff: SwiGLU hidden width; llama's rule is about 8/3 · n_embd (see <see cref="DefaultFeedForward"/>).</summary>
    [JsonPropertyName("feed_forward_length")] public int FeedForwardSize { get; init; } = 704;

    /// <summary>n_ctx_train: longest sequence trained on; RoPE works beyond it, quality does not.</summary>
    [JsonPropertyName("context_length")] public int ContextLength { get; init; } = 256;

    /// <summary>RoPE base frequency (llama: 10000).</summary>
    [JsonPropertyName("rope.freq_base")] public double RopeTheta { get; init; } = 10_000;

    /// <summary>RMSNorm epsilon (llama.cpp key attention.layer_norm_rms_epsilon).</summary>
    [JsonPropertyName("attention.layer_norm_rms_epsilon")] public double RmsNormEps { get; init; } = 1e-5;

    /// <summary>Output head shares the token embedding (no <c>output.weight</c> on export; llama.cpp falls back to token_embd).</summary>
    [JsonPropertyName("tied_embeddings")] public bool TiedEmbeddings { get; init; } = true;

    /// <summary>
    /// Q, K and V projections have biases (qwen2; llama has none). Only set by importing a qwen2 GGUF;
    /// left out of config.json when false.
    /// </summary>
    [JsonPropertyName("attention.qkv_bias")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool AttentionBias { get; init; }

    [JsonIgnore] public int HeadDim => EmbeddingSize / HeadCount;

    /// <summary>Names of the presets, smallest first.</summary>
    public static IReadOnlyList<string> PresetNames { get; } = ["micro", "tiny", "small", "medium", "large"];

    /// <summary>
    /// A named shape. micro/tiny are DESIGN.md's 0.15M/0.32M students, small its 3.3M teacher (at a
    /// character vocabulary); medium ≈ 25M and large ≈ 85M non-embedding parameters for BPE students.
    /// </summary>
    public static StudentConfig Preset(string name, int vocabSize, int contextLength = 256)
    {
        var (embd, layers, heads, kvHeads) = name.ToLowerInvariant() switch
        {
            "micro" => (64, 3, 4, 4),
            "tiny" => (96, 3, 4, 4),
            "small" => (256, 4, 8, 8),
            "medium" => (512, 8, 8, 4),
            "large" => (768, 12, 12, 4),
            _ => throw new InvalidInputException($"unknown model preset '{name}' (known: {string.Join(", ", PresetNames)})"),
        };
        return new StudentConfig
        {
            VocabSize = vocabSize,
            EmbeddingSize = embd,
            LayerCount = layers,
            HeadCount = heads,
            KvHeadCount = kvHeads,
            FeedForwardSize = DefaultFeedForward(embd),
            ContextLength = contextLength,
        }.Validated();
    }

    /// <summary>llama's SwiGLU width: 8/3 · n_embd rounded up to a multiple of 32.</summary>
    public static int DefaultFeedForward(int embeddingSize) => (8 * embeddingSize / 3 + 31) / 32 * 32;

    /// <summary>Throws <see cref="InvalidInputException"/> naming the first inconsistent dimension.</summary>
    public StudentConfig Validated()
    {
        static void Check(bool ok, string message)
        {
            if (!ok)
                throw new InvalidInputException($"model config: {message}");
        }
        Check(VocabSize > 0, $"vocab_size {VocabSize} must be positive");
        Check(EmbeddingSize > 0 && LayerCount > 0 && HeadCount > 0 && KvHeadCount > 0 && FeedForwardSize > 0 && ContextLength > 0,
            "every dimension must be positive");
        Check(EmbeddingSize % HeadCount == 0, $"n_embd {EmbeddingSize} is not a multiple of n_head {HeadCount}");
        Check(HeadDim % 2 == 0, $"head size {HeadDim} must be even for RoPE");
        Check(KvHeadCount <= HeadCount && HeadCount % KvHeadCount == 0, $"n_head {HeadCount} is not a multiple of n_head_kv {KvHeadCount}");
        Check(RopeTheta > 0 && RmsNormEps > 0, "rope theta and rms epsilon must be positive");
        return this;
    }

    /// <summary>Trainable parameters: embedding + blocks + final norm (+ head when untied).</summary>
    public long ParameterCount()
    {
        long d = EmbeddingSize, kv = (long)KvHeadCount * HeadDim, ff = FeedForwardSize;
        var perBlock = 2 * d          // attn_norm, ffn_norm
                       + d * d * 2    // attn_q, attn_output
                       + d * kv * 2   // attn_k, attn_v
                       + d * ff * 3;  // ffn_gate, ffn_up, ffn_down
        var embedding = (long)VocabSize * d;
        if (AttentionBias)
            perBlock += d + (kv * 2); // attn_q, attn_k, attn_v biases
        return embedding + LayerCount * perBlock + d + (TiedEmbeddings ? 0 : embedding);
    }

    /// <summary>
    /// Training FLOPs per token (forward + backward ≈ 3 × forward): 6 per weight of every matmul
    /// (embedding lookup excluded, head included) plus attention's 2 matmuls over <paramref name="sequence"/>
    /// positions (PaLM appendix B; causal masking not discounted, as is customary).
    /// </summary>
    public double TrainingFlopsPerToken(int sequence)
    {
        var matmulWeights = ParameterCount() - (long)VocabSize * EmbeddingSize * (TiedEmbeddings ? 0 : 1)
                            - (2L * LayerCount + 1) * EmbeddingSize;
        return 6.0 * matmulWeights + 12.0 * LayerCount * EmbeddingSize * sequence;
    }
}
