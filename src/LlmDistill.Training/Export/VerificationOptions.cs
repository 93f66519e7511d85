namespace LlmDistill.Training.Export;

/// <summary>How <see cref="ExportVerifier"/> runs the exported model.</summary>
public sealed record VerificationOptions
{
    private readonly int? _threads;
    private readonly int _greedyTokens = 8;

    /// <summary>llama.cpp CPU threads; null = one per processor.</summary>
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

    /// <summary>Tokens generated greedily per prompt when greedy decoding is compared.</summary>
    public int GreedyTokens
    {
        get => _greedyTokens;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _greedyTokens = value;
        }
    }

    /// <summary>Compare greedy continuations; null = only for F32 (quantized weights may flip a near tie).</summary>
    public bool? CheckGreedy { get; init; }

    /// <summary>Bound on the max abs logit difference; null = <see cref="ExportVerifier.DefaultTolerance"/> for the type.</summary>
    public double? Tolerance { get; init; }
}
