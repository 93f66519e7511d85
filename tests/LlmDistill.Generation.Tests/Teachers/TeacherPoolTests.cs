using LlmDistill.Core.Prompts;
using LlmDistill.Generation.Teachers;
using LlmDistill.Generation.Tests.Runs;

namespace LlmDistill.Generation.Tests.Teachers;

public sealed class TeacherPoolTests
{
    private static readonly TeacherRequest Request = new([new ChatMessage("user", "hi")]);

    [Fact]
    public async Task Spreads_concurrent_requests_across_endpoints()
    {
        var members = Enumerable.Range(0, 3)
            .Select(i => new FakeTeacher((_, _) => FakeTeacher.Say($"from {i}"), TimeSpan.FromMilliseconds(20))).ToList();
        await using var pool = new TeacherPool(members);

        await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => pool.CompleteAsync(Request, CancellationToken.None)));

        Assert.Equal(30, members.Sum(m => m.Calls));
        Assert.All(members, m => Assert.InRange(m.Calls, 5, 15));
    }

    [Fact]
    public async Task A_failing_endpoint_is_skipped_for_a_healthy_one()
    {
        var down = new FakeTeacher((_, _) => throw TeacherException.FromStatus(503, "down"));
        var up = new FakeTeacher((_, _) => FakeTeacher.Say("ok"));
        await using var pool = new TeacherPool([down, up]);

        for (var i = 0; i < 10; i++)
            Assert.Equal("ok", (await pool.CompleteAsync(Request, CancellationToken.None)).Text);
        Assert.Equal([0, 10], pool.Served);
    }

    [Fact]
    public async Task When_every_endpoint_fails_the_last_failure_is_thrown()
    {
        await using var pool = new TeacherPool([
            new FakeTeacher((_, _) => throw TeacherException.FromStatus(503, "a")),
            new FakeTeacher((_, _) => throw TeacherException.FromStatus(502, "b")),
        ]);

        var e = await Assert.ThrowsAsync<TeacherException>(() => pool.CompleteAsync(Request, CancellationToken.None));
        Assert.StartsWith("http_50", e.Reason);
    }

    [Fact]
    public async Task A_permanent_error_is_not_tried_elsewhere()
    {
        var bad = new FakeTeacher((_, _) => throw TeacherException.FromStatus(400, "bad request"));
        var other = new FakeTeacher((_, _) => FakeTeacher.Say("ok"));
        await using var pool = new TeacherPool([bad, other]);

        // Whichever endpoint it reaches first, a 400 is the request's fault, not the endpoint's.
        var outcomes = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            try { outcomes.Add((await pool.CompleteAsync(Request, CancellationToken.None)).Text); }
            catch (TeacherException e) { outcomes.Add(e.Reason); }
        }
        Assert.Contains("http_400", outcomes);
        Assert.Equal(4, bad.Calls + other.Calls);
    }
}
