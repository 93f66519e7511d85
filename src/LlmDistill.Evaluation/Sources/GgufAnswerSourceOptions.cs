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
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 256); // llama.cpp's LLAMA_MAX_SEQ
            _parallelSequences = value;
        }
    }

    /// <summary>Tokens per sequence (prompt + completion); null = the model's trained context, at most 2048.</summary>
    public int? ContextSize
    {
        get => _contextSize;
        init
        {
            if (value is { } v)
                ArgumentOutOfRangeException.ThrowIfLessThan(v, 16);
            _contextSize = value;
        }
    }

    /// <summary>CPU threads for decoding; null = one per processor.</summary>
    public int? Threads
    {
        get => _threads;
        init
        {
            if (value is { } v)
                ArgumentOutOfRangeException.ThrowIfLessThan(v, 1);
            _threads = value;
        }
    }

    /// <summary>Layers to offload to a GPU: 0 = CPU only (default), -1 = all.</summary>
    public int GpuLayerCount { get; init; }
}
