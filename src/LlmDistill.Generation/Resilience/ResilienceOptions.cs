namespace LlmDistill.Generation.Resilience;

/// <summary>
/// How hard a teacher is tried. The pipeline, outermost first: <see cref="TotalTimeout"/> → retry
/// (<see cref="MaxRetries"/>, jittered exponential backoff from <see cref="BaseDelay"/>, or the server's
/// Retry-After) → circuit breaker → rate limiter (<see cref="RequestsPerMinute"/>,
/// <see cref="TokensPerMinute"/>) → <see cref="AttemptTimeout"/>.
/// </summary>
public sealed record ResilienceOptions
{
    /// <summary>Longest time one request may take, all retries and waits included.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest time one attempt may take before it is abandoned and retried.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Retries after the first attempt, for 408/429/5xx, time-outs and dropped connections.</summary>
    public int MaxRetries { get; init; } = 6;

    /// <summary>First backoff delay; it doubles each retry, with jitter, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest Retry-After honoured as asked; longer requests are capped here.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Share of failing attempts in <see cref="BreakerSamplingDuration"/> that opens the circuit.</summary>
    public double BreakerFailureRatio { get; init; } = 0.8;

    /// <summary>Attempts needed in the sampling window before the breaker may open.</summary>
    public int BreakerMinimumThroughput { get; init; } = 20;

    public TimeSpan BreakerSamplingDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit rejects attempts before letting one through.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Requests per minute allowed to the teacher; null for no limit.</summary>
    public int? RequestsPerMinute { get; init; }

    /// <summary>Estimated prompt + completion tokens per minute allowed; null for no limit.</summary>
    public int? TokensPerMinute { get; init; }

    public void Validate()
    {
        static void Positive(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero)
                throw new ArgumentOutOfRangeException(name, value, "must be positive");
        }
        Positive(TotalTimeout, nameof(TotalTimeout));
        Positive(AttemptTimeout, nameof(AttemptTimeout));
        Positive(BaseDelay, nameof(BaseDelay));
        Positive(MaxDelay, nameof(MaxDelay));
        Positive(MaxRetryAfter, nameof(MaxRetryAfter));
        Positive(BreakDuration, nameof(BreakDuration));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries);
        if (BreakerFailureRatio is <= 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(BreakerFailureRatio), BreakerFailureRatio, "must be in (0, 1]");
        ArgumentOutOfRangeException.ThrowIfLessThan(BreakerMinimumThroughput, 2);
        if (RequestsPerMinute is <= 0)
            throw new ArgumentOutOfRangeException(nameof(RequestsPerMinute), RequestsPerMinute, "must be positive");
        if (TokensPerMinute is <= 0)
            throw new ArgumentOutOfRangeException(nameof(TokensPerMinute), TokensPerMinute, "must be positive");
    }
}
