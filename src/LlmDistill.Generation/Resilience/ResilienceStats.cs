namespace LlmDistill.Generation.Resilience;

/// <summary>What the resilience pipeline did, for progress lines and the manifest. Thread-safe.</summary>
public sealed class ResilienceStats
{
    private long _attempts;
    private long _retries;
    private long _retryAfterWaits;
    private long _retryAfterWaitedMs;
    private long _circuitOpened;

    public long Attempts => Interlocked.Read(ref _attempts);

    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Retries whose delay came from the server's Retry-After.</summary>
    public long RetryAfterWaits => Interlocked.Read(ref _retryAfterWaits);

    /// <summary>Total time waited because servers said Retry-After.</summary>
    public TimeSpan RetryAfterWaited => TimeSpan.FromMilliseconds(Interlocked.Read(ref _retryAfterWaitedMs));

    public long CircuitOpened => Interlocked.Read(ref _circuitOpened);

    internal void Attempt() => Interlocked.Increment(ref _attempts);

    internal void Retry(TimeSpan? retryAfter)
    {
        Interlocked.Increment(ref _retries);
        if (retryAfter is { } wait)
        {
            Interlocked.Increment(ref _retryAfterWaits);
            Interlocked.Add(ref _retryAfterWaitedMs, (long)wait.TotalMilliseconds);
        }
    }

    internal void Opened() => Interlocked.Increment(ref _circuitOpened);
}
