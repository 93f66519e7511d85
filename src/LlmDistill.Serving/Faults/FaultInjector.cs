using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace LlmDistill.Serving.Faults;

/// <summary>
/// Draws the fault (or none) for each completion request, deterministically in arrival order, counts
/// what it injected, and watches whether 429s are retried no sooner than Retry-After.
/// </summary>
internal sealed class FaultInjector
{
    // Bounds the memory spent remembering 429s that are never retried.
    private const int MaxRemembered = 100_000;
    // Clock granularity and request parsing: a retry this much early still counts as having waited.
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(50);

    private readonly FaultInjection _options;
    private readonly Random _random;
    private readonly FaultKind[] _kinds;
    private readonly double[] _cumulative;
    private readonly long[] _injected = new long[Enum.GetValues<FaultKind>().Length];
    private readonly Dictionary<string, long> _pending429 = new(StringComparer.Ordinal);
    private readonly Queue<string> _pendingOrder = new();
    private readonly Lock _gate = new();
    private long _requests;
    private long _retriesAfterWait;
    private long _retriesTooEarly;
    private double? _shortestRetryDelay;

    public FaultInjector(FaultInjection options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _random = new Random(options.Seed);
        // Enum order, so that the same weights give the same draws whatever the dictionary's order.
        _kinds = options.Weights.Keys.Order().ToArray();
        var total = _kinds.Sum(k => options.Weights[k]);
        var sum = 0.0;
        _cumulative = _kinds.Select(k => sum += options.Weights[k] / total).ToArray();
    }

    public FaultInjection Options => _options;

    public bool Enabled => _options.Enabled;

    /// <summary>Decides the fault for one request; <paramref name="route"/> and <paramref name="body"/> identify retries.</summary>
    public FaultKind? Next(string route, ReadOnlySpan<byte> body)
    {
        if (!Enabled)
            return null;
        var key = Key(route, body);
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            _requests++;
            if (_pending429.Remove(key, out var issuedAt))
                RecordRetry(Stopwatch.GetElapsedTime(issuedAt, now));
            // Two draws per request whatever the outcome, so one request's fault does not shift the next's.
            var roll = _random.NextDouble();
            var pick = _random.NextDouble();
            if (roll >= _options.Probability)
                return null;
            var i = Array.FindIndex(_cumulative, c => pick < c);
            var kind = _kinds[i < 0 ? _kinds.Length - 1 : i];
            _injected[(int)kind]++;
            if (kind == FaultKind.TooManyRequests)
                Remember(key, now);
            return kind;
        }
    }

    public FaultCounters Snapshot()
    {
        lock (_gate)
        {
            return new FaultCounters(
                _requests,
                Enum.GetValues<FaultKind>().ToDictionary(k => k, k => _injected[(int)k]),
                _options.RetryAfterSeconds,
                _retriesAfterWait,
                _retriesTooEarly,
                _shortestRetryDelay);
        }
    }

    private void RecordRetry(TimeSpan delay)
    {
        if (delay + Tolerance >= TimeSpan.FromSeconds(_options.RetryAfterSeconds))
            _retriesAfterWait++;
        else
            _retriesTooEarly++;
        var seconds = delay.TotalSeconds;
        if (_shortestRetryDelay is not { } s || seconds < s)
            _shortestRetryDelay = seconds;
    }

    private void Remember(string key, long timestamp)
    {
        if (_pending429.TryAdd(key, timestamp))
        {
            _pendingOrder.Enqueue(key);
        }
        else
        {
            _pending429[key] = timestamp;
        }
        while (_pendingOrder.Count > MaxRemembered)
            _pending429.Remove(_pendingOrder.Dequeue());
    }

    private static string Key(string route, ReadOnlySpan<byte> body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(route));
        hash.AppendData([0]);
        hash.AppendData(body);
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
