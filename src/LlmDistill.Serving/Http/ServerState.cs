using LlmDistill.Serving.Backend;
using LlmDistill.Serving.Faults;

namespace LlmDistill.Serving.Http;

/// <summary>What the endpoints of one server share.</summary>
internal sealed class ServerState(ServeOptions options, ICompletionBackend backend, FaultInjector faults, CancellationToken stopping)
{
    private int _inFlight;

    public ServeOptions Options { get; } = options;

    public string ModelName { get; } = options.EffectiveModelName;

    public ICompletionBackend Backend { get; } = backend;

    public FaultInjector Faults { get; } = faults;

    /// <summary>Cancelled when the server stops: running generations end.</summary>
    public CancellationToken Stopping { get; } = stopping;

    /// <summary>Counts a completion request in; false when running plus queued requests are at the limit.</summary>
    public bool TryEnter()
    {
        var limit = Options.ParallelSequences + Options.MaxQueuedRequests;
        if (Interlocked.Increment(ref _inFlight) <= limit)
            return true;
        Interlocked.Decrement(ref _inFlight);
        return false;
    }

    public void Leave() => Interlocked.Decrement(ref _inFlight);
}
