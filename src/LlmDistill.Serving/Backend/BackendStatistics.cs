namespace LlmDistill.Serving.Backend;

/// <summary>A snapshot of a backend's counters.</summary>
/// <param name="Started">Completions started.</param>
/// <param name="Completed">Completions that ran to a finish reason.</param>
/// <param name="Cancelled">Completions ended early (client gone, server stopping).</param>
/// <param name="Failed">Completions that failed.</param>
/// <param name="GeneratedTokens">Tokens generated, all completions together.</param>
/// <param name="PeakConcurrentSequences">
/// Most completions generating at the same moment, as their consumers saw it (between the first and the
/// last token read). A consumer that lags can stretch its interval, so this is an upper bound on the
/// sequences decoded together, not a proof of batching.
/// </param>
public sealed record BackendStatistics(
    long Started,
    long Completed,
    long Cancelled,
    long Failed,
    long GeneratedTokens,
    int PeakConcurrentSequences);
