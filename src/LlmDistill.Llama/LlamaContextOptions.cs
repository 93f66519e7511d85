namespace LlmDistill.Llama;

/// <summary>How to create a <see cref="LlamaContext"/>. Validated as it is built.</summary>
public sealed record LlamaContextOptions
{
    private readonly int _contextSize = 2048;
    private readonly int _batchSize = 512;
    private readonly int _sequenceCount = 1;
    private readonly int? _threads;

    /// <summary>Tokens per sequence (prompt + generated); the KV cache holds this many for each of <see cref="SequenceCount"/>.</summary>
    public int ContextSize
    {
        get => _contextSize;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 16);
            _contextSize = value;
        }
    }

    /// <summary>Most tokens in one llama_decode call (n_batch = n_ubatch): prompt chunks plus one per generating sequence.</summary>
    public int BatchSize
    {
        get => _batchSize;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _batchSize = value;
        }
    }

    /// <summary>Sequences decoded together (n_seq_max); further requests wait for a free one.</summary>
    public int SequenceCount
    {
        get => _sequenceCount;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 256); // LLAMA_MAX_SEQ
            _sequenceCount = value;
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

    /// <summary>
    /// Keep the KV cache in F32 instead of llama.cpp's default F16, with flash attention off, so attention
    /// runs in F32 end to end: twice the cache memory, but logits within ~1e-5 of an F32 reference
    /// (the F16 cache alone moves them by ~3e-4 of their scale). For export parity checks.
    /// </summary>
    public bool FullPrecisionKvCache { get; init; }
}
