using System.Runtime.CompilerServices;

namespace LlmDistill.Serving.Backend;

/// <summary>Thread-safe counters behind <see cref="BackendStatistics"/>, for backend implementations.</summary>
public sealed class BackendCounters
{
    private long _started;
    private long _completed;
    private long _cancelled;
    private long _failed;
    private long _tokens;
    private int _generating;
    private int _peak;

    public BackendStatistics Snapshot() => new(
        Interlocked.Read(ref _started),
        Interlocked.Read(ref _completed),
        Interlocked.Read(ref _cancelled),
        Interlocked.Read(ref _failed),
        Interlocked.Read(ref _tokens),
        Volatile.Read(ref _peak));

    /// <summary>Counts a completion and its tokens as <paramref name="tokens"/> is enumerated.</summary>
    public async IAsyncEnumerable<CompletionToken> Track(
        IAsyncEnumerable<CompletionToken> tokens, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        Interlocked.Increment(ref _started);
        var generating = false;
        var finished = false;
        var failed = false;
        try
        {
            await using var e = tokens.GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                bool more;
                try
                {
                    more = await e.MoveNextAsync();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    failed = true;
                    throw;
                }
                if (!more)
                    break;
                if (!generating)
                {
                    generating = true;
                    var now = Interlocked.Increment(ref _generating);
                    RaisePeak(now);
                }
                Interlocked.Increment(ref _tokens);
                finished |= e.Current.Finish is not null;
                yield return e.Current;
            }
        }
        finally
        {
            if (generating)
                Interlocked.Decrement(ref _generating);
            if (failed)
                Interlocked.Increment(ref _failed);
            else if (finished)
                Interlocked.Increment(ref _completed);
            else
                Interlocked.Increment(ref _cancelled);
        }
    }

    private void RaisePeak(int value)
    {
        var peak = Volatile.Read(ref _peak);
        while (value > peak)
        {
            var seen = Interlocked.CompareExchange(ref _peak, value, peak);
            if (seen == peak)
                return;
            peak = seen;
        }
    }
}
