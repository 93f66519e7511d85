using LlmDistill.Core.Examples;
using LlmDistill.Core.Errors;
using LlmDistill.Generation.Batch;
using LlmDistill.Generation.Runs;

namespace LlmDistill.Generation.Tests.Batch;

public sealed class BatchFailureTests : BatchRunFixture
{
    [Fact]
    public async Task Line_errors_and_missing_lines_become_failed_rows()
    {
        var items = Items(10);
        var fate = items.Select((item, i) => (item.Instruction, i)).ToDictionary(p => p.Instruction, p => p.i % 5);
        Api.Answer = (q, _) => fate[q] switch
        {
            0 => new FakeAnswer(null, Status: 500),
            1 => new FakeAnswer(null, ErrorCode: "invalid_request"),
            2 => new FakeAnswer(null, Omit: true),
            3 => new FakeAnswer("x", Malformed: true),
            _ => FakeAnswer.Say(Correct(items)(q)),
        };

        var result = await RunAsync(items, new GenerationOptions());

        var rows = await ReadAllAsync();
        AssertEveryIdOnce(items, 1, rows);
        var statuses = rows.GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int>
        {
            ["failed:http_500"] = 2, ["failed:invalid_request"] = 2, ["failed:missing_from_batch"] = 2,
            ["failed:malformed_response"] = 2, ["ok"] = 2,
        }, statuses);
        Assert.All(rows.Where(r => r.Status != "ok"), r => Assert.Null(r.Output));
        Assert.Equal(8, result.Progress.Failed);
        Assert.Contains(result.Problems, p => p.Contains("8 of 10 requests failed", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("expired", "failed:batch_expired", 3, "ended expired")]
    [InlineData("failed", "failed:batch_failed", 0, "invalid_model: the model does not exist")]
    public async Task A_batch_that_stops_is_reported_and_what_it_answered_is_kept(string end, string status, int answered, string problem)
    {
        var items = Items(8);
        Api.Answer = (q, _) => FakeAnswer.Say(Correct(items)(q));
        Api.FinalStatus = end;
        Api.AnsweredBeforeStop = answered;

        var result = await RunAsync(items, new GenerationOptions());

        var rows = await ReadAllAsync();
        AssertEveryIdOnce(items, 1, rows);
        Assert.Equal(answered, rows.Count(r => r.Status == ExampleStatus.Ok));
        Assert.Equal(8 - answered, rows.Count(r => r.Status == status));
        var line = Assert.Single(result.Problems);
        Assert.Contains(problem, line, StringComparison.Ordinal);
        Assert.Equal(end, Assert.Single(result.Jobs).Status);
    }

    [Fact]
    public async Task Rate_limited_status_checks_wait_as_the_server_says_and_go_on()
    {
        var items = Items(4);
        Api.RateLimitedPolls = 3;
        // A backoff this long would outlast the test's deadline: only the server's 20 ms can make it pass.
        var patient = FastBatches with { BaseDelay = TimeSpan.FromMinutes(5), MaxDelay = TimeSpan.FromMinutes(5) };
        var service = Service(patient);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        await RunAsync(items, new GenerationOptions(), service, patient, deadline.Token);

        Assert.Equal(3, Api.RateLimited);
        Assert.Equal(3, service.Stats.RetryAfterWaits);
        AssertEveryIdOnce(items, 1, await ReadAllAsync());
    }

    [Fact]
    public async Task A_call_that_keeps_failing_is_one_clear_error_and_the_state_survives()
    {
        var items = Items(2);
        Api.RateLimitedPolls = 100;
        var once = FastBatches with { MaxRetries = 1 };

        var error = await Assert.ThrowsAsync<ExternalServiceException>(() => RunAsync(items, new GenerationOptions(), batchOptions: once));

        Assert.Contains("openai:gpt-test: checking batch batch_0001 failed: HTTP 429", error.Message, StringComparison.Ordinal);
        Assert.Equal("batch_0001", Assert.Single((await StateAsync())!.Jobs).BatchId);
    }
}
