using LlmDistill.Core.Examples;
using LlmDistill.Generation.Teachers;

namespace LlmDistill.Generation.Tests.Runs;

/// <summary>A teacher answering from a function of the question and the call number; thread-safe.</summary>
internal sealed class FakeTeacher(Func<string, int, TeacherResponse> answer, TimeSpan? delay = null) : ITeacher
{
    private int _calls;

    public string Name => "fake:teacher";

    public int Calls => _calls;

    public async Task<TeacherResponse> CompleteAsync(TeacherRequest request, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        if (delay is { } d)
            await Task.Delay(d, cancellationToken);
        var response = answer(request.Messages[^1].Content, call);
        return request.TopLogprobs > 0
            ? response with { TopLogprobs = [new TopLogprob(0, "#", 7, -0.1f), new TopLogprob(0, "x", 8, -2.5f)] }
            : response;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public static TeacherResponse Say(string text, string finish = "stop") => new(text, finish, 20, 5);
}
