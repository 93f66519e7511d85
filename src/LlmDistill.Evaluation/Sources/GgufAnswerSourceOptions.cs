using LlmDistill.Llama;

namespace LlmDistill.Evaluation.Sources;

/// <summary>How <see cref="GgufAnswerSource"/> runs a GGUF. Validated as it is built.</summary>
public sealed record GgufAnswerSourceOptions
{
    private readonly int _parallelSequences = 8;
    private readonly int? _contextSize;
    private readonly int? _threads;

    /// <summary>Sequences decoded together in one llama.cpp batch (and requests kept in flight).</summary>
    public int ParallelSequences
    {
        get => _parallelSequences;
        init => _parallelSequences = LlamaContextOptions.ValidSequenceCount(value);
    }

    /// <summary>Tokens per sequence (prompt + completion); null = the model's trained context, at most 2048.</summary>
    public int? ContextSize
    {
        get => _contextSize;
        init => _contextSize = value is { } v ? LlamaContextOptions.ValidContextSize(v) : null;
    }

    /// <summary>CPU threads for decoding; null = one per processor.</summary>
    public int? Threads
    {
        get => _threads;
        init => _threads = LlamaContextOptions.ValidThreads(value);
    }

    /// <summary>Layers to offload to a GPU: 0 = CPU only (default), -1 = all.</summary>
    public int GpuLayerCount { get; init; }
}
