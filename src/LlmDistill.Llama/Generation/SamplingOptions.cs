namespace LlmDistill.Llama.Generation;

/// <summary>
/// How the next token is chosen: greedy when <see cref="Temperature"/> is 0, otherwise top-k, then
/// top-p, then temperature, then a seeded draw (llama.cpp's sampler chain, one per sequence).
/// </summary>
public sealed record SamplingOptions
{
    private readonly float _temperature;
    private readonly int _topK;
    private readonly float _topP = 1f;

    /// <summary>Always the most likely token.</summary>
    public static SamplingOptions Greedy { get; } = new();

    /// <summary>0 = greedy (default).</summary>
    public float Temperature
    {
        get => _temperature;
        init
        {
            if (!float.IsFinite(value) || value < 0)
                throw new ArgumentOutOfRangeException(nameof(Temperature), value, "temperature must be finite and >= 0");
            _temperature = value;
        }
    }

    /// <summary>Keep only the k most likely tokens; 0 = off.</summary>
    public int TopK
    {
        get => _topK;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _topK = value;
        }
    }

    /// <summary>Keep the smallest set of tokens whose probability reaches p; 1 = off.</summary>
    public float TopP
    {
        get => _topP;
        init
        {
            if (!(value > 0 && value <= 1))
                throw new ArgumentOutOfRangeException(nameof(TopP), value, "top-p must be in (0, 1]");
            _topP = value;
        }
    }

    /// <summary>Seed of the draw; null = random. The same seed, prompt and options give the same tokens.</summary>
    public uint? Seed { get; init; }
}
