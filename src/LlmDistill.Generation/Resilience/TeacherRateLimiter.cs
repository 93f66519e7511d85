using System.Threading.RateLimiting;

namespace LlmDistill.Generation.Resilience;

/// <summary>
/// Requests-per-minute and tokens-per-minute budgets as token buckets that refill smoothly and allow
/// a ten-second burst. Callers queue (oldest first) rather than fail when a budget is spent.
/// </summary>
internal sealed class TeacherRateLimiter : IAsyncDisposable
{
    private readonly TokenBucketRateLimiter? _requests;
    private readonly TokenBucketRateLimiter? _tokens;
    private readonly int _tokenBurst;

    public TeacherRateLimiter(int? requestsPerMinute, int? tokensPerMinute)
    {
        _requests = requestsPerMinute is { } rpm ? Bucket(rpm) : null;
        _tokens = tokensPerMinute is { } tpm ? Bucket(tpm) : null;
        _tokenBurst = tokensPerMinute is { } t ? Burst(t) : 0;
    }

    public bool IsEnabled => _requests is not null || _tokens is not null;

    public async ValueTask<RateLimitLease> AcquireAsync(int estimatedTokens, CancellationToken cancellationToken)
    {
        var request = _requests is null ? null : await _requests.AcquireAsync(1, cancellationToken);
        if (request is { IsAcquired: false })
            return request;
        // A request larger than the burst waits for a full bucket rather than forever.
        var tokens = _tokens is null ? null
            : await _tokens.AcquireAsync(Math.Clamp(estimatedTokens, 1, _tokenBurst), cancellationToken);
        if (tokens is { IsAcquired: false })
        {
            request?.Dispose();
            return tokens;
        }
        return new Both(request, tokens);
    }

    public async ValueTask DisposeAsync()
    {
        if (_requests is not null)
            await _requests.DisposeAsync();
        if (_tokens is not null)
            await _tokens.DisposeAsync();
    }

    private static int Burst(int perMinute) => Math.Max(1, perMinute / 6);

    private static TokenBucketRateLimiter Bucket(int perMinute)
    {
        // Refill about every 100 ms (or once per permit when the rate is lower) so the rate is smooth.
        var periods = Math.Min(perMinute, 600);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Burst(perMinute),
            TokensPerPeriod = Math.Max(1, perMinute / periods),
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / periods,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    private sealed class Both(RateLimitLease? first, RateLimitLease? second) : RateLimitLease
    {
        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                first?.Dispose();
                second?.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
