namespace LlmDistill.Generation.Batch;

/// <summary>How <see cref="BatchGenerationRunner"/> splits, submits and waits for batches.</summary>
public sealed record BatchOptions
{
    /// <summary>The Batch API's limit on requests per input file.</summary>
    public const int ApiMaxRequestsPerFile = 50_000;

    /// <summary>The Batch API's limit on the size of an input file (200 MB).</summary>
    public const long ApiMaxBytesPerFile = 200L * 1000 * 1000;

    /// <summary>Time between two status checks of the batches still running.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Requests per input file, at most <see cref="ApiMaxRequestsPerFile"/>.</summary>
    public int MaxRequestsPerFile { get; init; } = ApiMaxRequestsPerFile;

    /// <summary>Bytes per input file, at most <see cref="ApiMaxBytesPerFile"/>.</summary>
    public long MaxBytesPerFile { get; init; } = ApiMaxBytesPerFile;

    /// <summary>The batch's <c>completion_window</c>; the API accepts only <c>24h</c> today.</summary>
    public string CompletionWindow { get; init; } = "24h";

    /// <summary>Retries of one API call (upload, create, status, download) on 408/429/5xx and dropped connections.</summary>
    public int MaxRetries { get; init; } = 6;

    /// <summary>First backoff delay; it doubles each retry, with jitter, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest Retry-After honoured as asked; longer requests are capped here.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(2);

    public void Validate()
    {
        if (PollInterval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(PollInterval), PollInterval, "must be positive");
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRequestsPerFile, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxRequestsPerFile, ApiMaxRequestsPerFile);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBytesPerFile, 1024);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxBytesPerFile, ApiMaxBytesPerFile);
        ArgumentException.ThrowIfNullOrWhiteSpace(CompletionWindow);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries);
        if (BaseDelay <= TimeSpan.Zero || MaxDelay <= TimeSpan.Zero || MaxRetryAfter <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(BaseDelay), "delays must be positive");
    }
}
