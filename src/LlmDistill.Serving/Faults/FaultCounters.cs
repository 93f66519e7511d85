namespace LlmDistill.Serving.Faults;

/// <summary>
/// What the injector did, as served at GET /debug/faults. A retry is recognised by its body: a request
/// whose route and body equal those of an earlier 429 is counted as that 429's retry, early when it came
/// sooner than Retry-After said (identical concurrent requests can pair up wrongly; tests avoid them).
/// </summary>
/// <param name="Requests">Completion requests considered.</param>
/// <param name="Injected">Faults injected, by kind (every kind listed, zero included).</param>
/// <param name="RetryAfterSeconds">The Retry-After value sent with each 429.</param>
/// <param name="RetriesAfterWait">Retries of a 429 that waited at least Retry-After.</param>
/// <param name="RetriesTooEarly">Retries of a 429 that came sooner.</param>
/// <param name="ShortestRetryDelaySeconds">Shortest delay seen between a 429 and its retry, or null.</param>
public sealed record FaultCounters(
    long Requests,
    IReadOnlyDictionary<FaultKind, long> Injected,
    int RetryAfterSeconds,
    long RetriesAfterWait,
    long RetriesTooEarly,
    double? ShortestRetryDelaySeconds)
{
    public long TotalInjected => Injected.Values.Sum();
}
