using System.Collections.ObjectModel;
using System.Globalization;

namespace LlmDistill.Serving.Faults;

/// <summary>
/// Faults to inject into completion requests (never into /v1/models or /debug/faults): each request is
/// faulted with <see cref="Probability"/>, the kind drawn by <see cref="Weights"/>, from a generator seeded
/// with <see cref="Seed"/> — so the same arrival order gives the same faults. Validated as it is built.
/// </summary>
public sealed record FaultInjection
{
    private readonly double _probability;
    private readonly IReadOnlyDictionary<FaultKind, double> _weights = DefaultWeights;
    private readonly int _retryAfterSeconds = 1;
    private readonly double _stallSeconds = 30;

    /// <summary>429, 500, 503 and malformed bodies, 429 most often; no stalls or drops (they are slow or blunt).</summary>
    public static IReadOnlyDictionary<FaultKind, double> DefaultWeights { get; } = new ReadOnlyDictionary<FaultKind, double>(
        new Dictionary<FaultKind, double>
        {
            [FaultKind.TooManyRequests] = 4,
            [FaultKind.InternalServerError] = 2,
            [FaultKind.ServiceUnavailable] = 2,
            [FaultKind.MalformedBody] = 1,
        });

    // Declared after DefaultWeights: static initializers run in order, and instances read DefaultWeights.
    /// <summary>No faults.</summary>
    public static FaultInjection None { get; } = new();

    /// <summary>Chance that a request is faulted, 0 (default, off) to 1.</summary>
    public double Probability
    {
        get => _probability;
        init
        {
            if (!(value >= 0 && value <= 1))
                throw new ArgumentOutOfRangeException(nameof(Probability), value, "a probability must be in [0, 1]");
            _probability = value;
        }
    }

    /// <summary>Relative weight of each kind among faulted requests; kinds not listed never happen.</summary>
    public IReadOnlyDictionary<FaultKind, double> Weights
    {
        get => _weights;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Values.Any(w => !(w >= 0 && double.IsFinite(w))) || value.Values.Sum() <= 0)
                throw new ArgumentException("fault weights must be finite, non-negative and not all zero", nameof(Weights));
            _weights = new ReadOnlyDictionary<FaultKind, double>(value.Where(p => p.Value > 0).ToDictionary());
        }
    }

    /// <summary>Seed of the draws.</summary>
    public int Seed { get; init; }

    /// <summary>Retry-After sent with an injected 429, in whole seconds (default 1).</summary>
    public int RetryAfterSeconds
    {
        get => _retryAfterSeconds;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _retryAfterSeconds = value;
        }
    }

    /// <summary>How long a stalled request is held before it is answered (default 30 s).</summary>
    public double StallSeconds
    {
        get => _stallSeconds;
        init
        {
            if (!(value >= 0 && double.IsFinite(value)))
                throw new ArgumentOutOfRangeException(nameof(StallSeconds), value, "stall seconds must be finite and >= 0");
            _stallSeconds = value;
        }
    }

    public bool Enabled => Probability > 0;

    /// <summary>
    /// Parses a mix such as "429:4,500:2,503:2,malformed:1,stall:1,drop:1" (weights optional, default 1).
    /// Kind names: 429, 500, 503, stall, malformed, drop.
    /// </summary>
    /// <exception cref="FormatException">An unknown kind or a bad weight.</exception>
    public static IReadOnlyDictionary<FaultKind, double> ParseWeights(string mix)
    {
        ArgumentNullException.ThrowIfNull(mix);
        var weights = new Dictionary<FaultKind, double>();
        foreach (var part in mix.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (name, weightText) = part.IndexOf(':') is var i and >= 0 ? (part[..i].Trim(), part[(i + 1)..].Trim()) : (part, "1");
            var kind = FaultKindNames.Parse(name)
                ?? throw new FormatException($"unknown fault '{name}' (expected 429, 500, 503, stall, malformed or drop)");
            if (!double.TryParse(weightText, NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) || !(weight >= 0) || !double.IsFinite(weight))
                throw new FormatException($"fault weight '{weightText}' for {name} is not a non-negative number");
            weights[kind] = weight;
        }
        if (weights.Count == 0 || weights.Values.Sum() <= 0)
            throw new FormatException("the fault mix names no fault with a positive weight");
        return weights;
    }
}
