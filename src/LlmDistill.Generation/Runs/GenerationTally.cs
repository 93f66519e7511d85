using System.Diagnostics;
using LlmDistill.Core.Examples;

namespace LlmDistill.Generation.Runs;

/// <summary>Counts what a run stores, from many threads, for <see cref="GenerationProgress"/> snapshots.</summary>
internal sealed class GenerationTally(int total, int skipped)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly int _skipped = skipped;
    private int _done = skipped;
    private int _ok;
    private int _failed;
    private long _tokens;

    public void Add(Example row)
    {
        Interlocked.Increment(ref _done);
        if (row.Status == ExampleStatus.Ok)
            Interlocked.Increment(ref _ok);
        else if (ExampleStatus.Kind(row.Status) == "failed")
            Interlocked.Increment(ref _failed);
        Interlocked.Add(ref _tokens, row.CompletionTokens ?? 0);
    }

    public GenerationProgress Snapshot() =>
        new(Volatile.Read(ref _done), total, _skipped, Volatile.Read(ref _ok), Volatile.Read(ref _failed),
            Interlocked.Read(ref _tokens), _clock.Elapsed);
}
