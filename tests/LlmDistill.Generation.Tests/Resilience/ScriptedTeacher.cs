using LlmDistill.Generation.Teachers;

namespace LlmDistill.Generation.Tests.Resilience;

/// <summary>A teacher that plays a script: each call takes the next step (an exception, a stall, or an answer).</summary>
internal sealed class ScriptedTeacher(params Func<CancellationToken, Task<TeacherResponse>>[] steps) : ITeacher
{
    private int _calls;

    public string Name => "scripted";

    public int Calls => _calls;

    public Task<TeacherResponse> CompleteAsync(TeacherRequest request, CancellationToken cancellationToken)
    {
        var i = Interlocked.Increment(ref _calls) - 1;
        return steps[Math.Min(i, steps.Length - 1)](cancellationToken);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public static Func<CancellationToken, Task<TeacherResponse>> Answer(string text = "ok") =>
        _ => Task.FromResult(new TeacherResponse(text, "stop", 10, 2));

    public static Func<CancellationToken, Task<TeacherResponse>> Fail(int status, TimeSpan? retryAfter = null) =>
        _ => Task.FromException<TeacherResponse>(TeacherException.FromStatus(status, $"HTTP {status}", retryAfter));

    public static Func<CancellationToken, Task<TeacherResponse>> Stall() =>
        async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        };
}
