using LlmDistill.Evaluation.Sources;

namespace LlmDistill.Evaluation.Tests.Support;

/// <summary>
/// An answer source that answers from a function of the prompt: the seam an HTTP teacher uses, and the only way to
/// test the correct-answer path before a trained model exists.
/// </summary>
internal sealed class FakeAnswerSource(Func<AnswerRequest, string> answer, int parallelism = 4) : IAnswerSource
{
    private int _inFlight;

    public ModelDescription Model { get; } = new("fake-teacher");

    public int Parallelism => parallelism;

    public List<AnswerRequest> Requests { get; } = [];

    /// <summary>Most requests seen in flight at once.</summary>
    public int MaxInFlight { get; private set; }

    /// <summary>When set, each request waits on it (to hold requests in flight, or to be cancelled).</summary>
    public Task? Gate { get; set; }

    public async Task<AnswerCompletion> CompleteAsync(AnswerRequest request, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref _inFlight);
        lock (Requests)
        {
            Requests.Add(request);
            MaxInFlight = Math.Max(MaxInFlight, now);
        }
        try
        {
            await Task.Yield();
            if (Gate is not null)
                await Gate.WaitAsync(cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            var text = answer(request);
            var tokens = Math.Max(1, text.Length / 4);
            return new AnswerCompletion(text, "stop", 10, tokens, TotalMs: 20, TimeToFirstTokenMs: 5,
                PerTokenMs: tokens > 1 ? 15.0 / (tokens - 1) : null);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
