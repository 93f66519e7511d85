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
        init => _contextSize = ValidContextSize(value);
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
        init => _sequenceCount = ValidSequenceCount(value);
    }

    /// <summary>CPU threads for decoding; null = one per processor.</summary>
    public int? Threads
    {
        get => _threads;
        init => _threads = ValidThreads(value);
    }

    /// <summary>
    /// Keep the KV cache in F32 instead of llama.cpp's default F16, with flash attention off, so attention
    /// runs in F32 end to end: twice the cache memory, but logits within ~1e-5 of an F32 reference
    /// (the F16 cache alone moves them by ~3e-4 of their scale). For export parity checks.
    /// </summary>
    public bool FullPrecisionKvCache { get; init; }

    // The rules of the properties above, shared with the option records that become a context (eval's, serve's),
    // so a bad value fails where it is given, with the same limits.

    /// <summary><paramref name="value"/> when it is a valid <see cref="ContextSize"/> (at least 16), else throws.</summary>
    public static int ValidContextSize(int value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, 16);
        return value;
    }

    /// <summary><paramref name="value"/> when it is a valid <see cref="SequenceCount"/> (1 to llama.cpp's 256), else throws.</summary>
    public static int ValidSequenceCount(int value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 256); // LLAMA_MAX_SEQ
        return value;
    }

    /// <summary><paramref name="value"/> when it is a valid <see cref="Threads"/> (null or at least 1), else throws.</summary>
    public static int? ValidThreads(int? value)
    {
        if (value is { } v)
            ArgumentOutOfRangeException.ThrowIfLessThan(v, 1);
        return value;
    }
}
