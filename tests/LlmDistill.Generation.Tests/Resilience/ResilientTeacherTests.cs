using System.Diagnostics;
using LlmDistill.Core.Prompts;
using LlmDistill.Generation.Resilience;
using LlmDistill.Generation.Teachers;

namespace LlmDistill.Generation.Tests.Resilience;

public sealed class ResilientTeacherTests
{
    private static readonly TeacherRequest Request = new([new ChatMessage("user", "hi")]);

    private static readonly ResilienceOptions Fast = new()
    {
        BaseDelay = TimeSpan.FromMilliseconds(5),
        MaxDelay = TimeSpan.FromMilliseconds(50),
        AttemptTimeout = TimeSpan.FromSeconds(10),
        TotalTimeout = TimeSpan.FromSeconds(30),
        MaxRetries = 4,
    };

    [Fact]
    public async Task A_429_waits_as_long_as_retry_after_says()
    {
        var inner = new ScriptedTeacher(ScriptedTeacher.Fail(429, TimeSpan.FromMilliseconds(400)), ScriptedTeacher.Answer("late"));
        await using var teacher = new ResilientTeacher(inner, Fast);

        var clock = Stopwatch.StartNew();
        var response = await teacher.CompleteAsync(Request, CancellationToken.None);

        Assert.Equal("late", response.Text);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(390), $"waited {clock.Elapsed}");
        Assert.Equal(1, teacher.Stats.RetryAfterWaits);
        Assert.Equal(TimeSpan.FromMilliseconds(400), teacher.Stats.RetryAfterWaited);
        Assert.Equal(2, inner.Calls);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(408)]
    public async Task Server_errors_are_retried_with_backoff(int status)
    {
        var inner = new ScriptedTeacher(ScriptedTeacher.Fail(status), ScriptedTeacher.Fail(status), ScriptedTeacher.Answer());
        await using var teacher = new ResilientTeacher(inner, Fast);

        Assert.Equal("ok", (await teacher.CompleteAsync(Request, CancellationToken.None)).Text);
        Assert.Equal(3, inner.Calls);
        Assert.Equal(2, teacher.Stats.Retries);
        Assert.Equal(0, teacher.Stats.RetryAfterWaits);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    public async Task Client_errors_are_not_retried(int status)
    {
        var inner = new ScriptedTeacher(ScriptedTeacher.Fail(status), ScriptedTeacher.Answer());
        await using var teacher = new ResilientTeacher(inner, Fast);

        var e = await Assert.ThrowsAsync<TeacherException>(() => teacher.CompleteAsync(Request, CancellationToken.None));
        Assert.Equal($"http_{status}", e.Reason);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task A_stalled_attempt_times_out_and_is_retried()
    {
        var inner = new ScriptedTeacher(ScriptedTeacher.Stall(), ScriptedTeacher.Answer("second"));
        await using var teacher = new ResilientTeacher(inner, Fast with { AttemptTimeout = TimeSpan.FromMilliseconds(200) });

        Assert.Equal("second", (await teacher.CompleteAsync(Request, CancellationToken.None)).Text);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task A_request_that_keeps_failing_ends_with_the_last_reason()
    {
        var inner = new ScriptedTeacher(ScriptedTeacher.Fail(503));
        await using var teacher = new ResilientTeacher(inner, Fast with { MaxRetries = 3 });

        var e = await Assert.ThrowsAsync<TeacherException>(() => teacher.CompleteAsync(Request, CancellationToken.None));
        Assert.Equal("http_503", e.Reason);
        Assert.Equal(4, inner.Calls);
    }

    [Fact]
    public async Task The_total_timeout_bounds_all_attempts()
    {
        var inner = new ScriptedTeacher(ScriptedTeacher.Stall());
        await using var teacher = new ResilientTeacher(inner, Fast with
        {
            AttemptTimeout = TimeSpan.FromMilliseconds(100),
            TotalTimeout = TimeSpan.FromMilliseconds(1000),
            MaxRetries = 50,
        });

        var e = await Assert.ThrowsAsync<TeacherException>(() => teacher.CompleteAsync(Request, CancellationToken.None));
        Assert.Equal("timeout", e.Reason);
        Assert.InRange(inner.Calls, 2, 10);
    }

    [Fact]
    public async Task The_circuit_opens_when_most_attempts_fail()
    {
        var inner = new ScriptedTeacher(ScriptedTeacher.Fail(500));
        await using var teacher = new ResilientTeacher(inner, Fast with
        {
            MaxRetries = 0,
            BreakerMinimumThroughput = 4,
            BreakDuration = TimeSpan.FromSeconds(5),
        });

        var reasons = new List<string>();
        for (var i = 0; i < 8; i++)
            reasons.Add((await Assert.ThrowsAsync<TeacherException>(() => teacher.CompleteAsync(Request, CancellationToken.None))).Reason);

        Assert.Equal(1, teacher.Stats.CircuitOpened);
        Assert.Contains("circuit_open", reasons);
        Assert.True(inner.Calls < 8, "an open circuit stops calls reaching the teacher");
    }

    [Fact]
    public async Task The_request_rate_limit_spaces_out_requests_beyond_the_burst()
    {
        var inner = new ScriptedTeacher(ScriptedTeacher.Answer());
        // 120 per minute: a burst of 20, then one every half second.
        await using var teacher = new ResilientTeacher(inner, Fast with { RequestsPerMinute = 120 });

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 22).Select(_ => teacher.CompleteAsync(Request, CancellationToken.None)));

        Assert.Equal(22, inner.Calls);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"22 requests took {clock.Elapsed}");
    }

    [Fact]
    public async Task Cancellation_is_not_retried()
    {
        var inner = new ScriptedTeacher(ScriptedTeacher.Stall());
        await using var teacher = new ResilientTeacher(inner, Fast);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => teacher.CompleteAsync(Request, cts.Token));
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public void Bad_options_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ResilientTeacher(new ScriptedTeacher(), new ResilienceOptions { RequestsPerMinute = 0 }));
}
