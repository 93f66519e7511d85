using LlmDistill.Generation.Batch;
using LlmDistill.Generation.Runs;
using LlmDistill.Storage.Examples;

namespace LlmDistill.Generation.Tests.Batch;

public sealed class BatchResumeTests : BatchRunFixture
{
    private static readonly BatchOptions FourPerFile = FastBatches with { MaxRequestsPerFile = 4 };

    [Fact]
    public async Task A_run_killed_while_polling_reattaches_and_collects_without_resubmitting()
    {
        var items = Items(12);
        Api.Answer = (q, _) => FakeAnswer.Say(Correct(items)(q));
        // Batch n ends after 2 + 3n polls; the kill comes when the first has ended and the others have not.
        Api.PollsToFinish = n => 2 + 3 * n;
        using var kill = new CancellationTokenSource();
        Api.OnPoll = poll =>
        {
            if (poll == 7)
                kill.Cancel();
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            RunAsync(items, new GenerationOptions(), batchOptions: FourPerFile, cancellationToken: kill.Token));

        var killed = await StateAsync();
        Assert.NotNull(killed);
        Assert.Equal(3, killed.Jobs.Count);
        Assert.All(killed.Jobs, j => Assert.NotNull(j.BatchId));
        Assert.True(killed.Jobs[0].Collected);
        Assert.Contains(killed.Jobs, j => !j.Collected);
        var partial = await ReadAllAsync();
        Assert.InRange(partial.Count, 4, 11);

        Api.OnPoll = null;
        var resumed = await RunAsync(items, new GenerationOptions(), batchOptions: FourPerFile);

        Assert.Equal(3, Api.BatchesCreated);
        Assert.Equal(3, Api.FilesUploaded);
        Assert.Equal(partial.Count, resumed.Progress.Skipped);
        var rows = await ReadAllAsync();
        AssertEveryIdOnce(items, 1, rows);
        Assert.All(rows, r => Assert.Equal("ok", r.Status));
    }

    [Fact]
    public async Task A_batch_created_but_not_recorded_is_found_not_created_twice()
    {
        var items = Items(3);
        using var kill = new CancellationTokenSource();
        Api.OnPoll = _ => kill.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            RunAsync(items, new GenerationOptions(), cancellationToken: kill.Token));

        // What a kill between creating the batch and recording its id leaves behind.
        var state = (await StateAsync())!;
        var forgotten = state.Jobs[0] with { BatchId = null, Status = BatchStatus.Written, Creating = true };
        await BatchStateFile.WriteAsync(Dir, state with { Jobs = [forgotten] });

        Api.OnPoll = null;
        await RunAsync(items, new GenerationOptions());

        Assert.Equal(1, Api.BatchesCreated);
        Assert.Contains(Api.Requests, r => r.StartsWith("GET /v1/batches?", StringComparison.Ordinal));
        AssertEveryIdOnce(items, 1, await ReadAllAsync());
    }

    [Fact]
    public async Task New_tasks_added_to_a_waiting_run_go_into_a_new_batch_only()
    {
        var items = Items(6);
        using var kill = new CancellationTokenSource();
        Api.OnPoll = _ => kill.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            RunAsync(items[..4], new GenerationOptions(), cancellationToken: kill.Token));

        Api.OnPoll = null;
        await RunAsync(items, new GenerationOptions());

        Assert.Equal(2, Api.BatchesCreated);
        Assert.Equal([4, 2], InputFiles().Select(f => File.ReadAllLines(f).Length));
        AssertEveryIdOnce(items, 1, await ReadAllAsync());
    }

    [Fact]
    public async Task A_create_whose_answer_is_lost_is_retried_without_a_second_batch()
    {
        var items = Items(3);
        Api.LostCreateAnswers = 1;

        await RunAsync(items, new GenerationOptions());

        Assert.Equal(1, Api.BatchesCreated);
        // The retry looked for the batch of its input file first, found it, and did not post again.
        Assert.Single(Api.Requests, r => r.StartsWith("POST /v1/batches", StringComparison.Ordinal));
        Assert.Single(Api.Requests, r => r.StartsWith("GET /v1/batches?", StringComparison.Ordinal));
        AssertEveryIdOnce(items, 1, await ReadAllAsync());
    }

    [Fact]
    public async Task Cancelled_batches_are_collected_on_the_next_run()
    {
        var items = Items(6);
        Api.Answer = (q, _) => FakeAnswer.Say(Correct(items)(q));
        Api.PollsToFinish = _ => 100;
        Api.AnsweredBeforeStop = 2;
        using var kill = new CancellationTokenSource();
        Api.OnPoll = _ => kill.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            RunAsync(items, new GenerationOptions(), cancellationToken: kill.Token));
        Api.OnPoll = null;

        IReadOnlyList<BatchJob> jobs;
        await using (var writer = await ExampleDatasetWriter.OpenAsync(Dir))
            jobs = await new BatchGenerationRunner(Service(), Template, new GenerationOptions(), FastBatches).CancelAsync(writer);
        Assert.Equal(BatchStatus.Cancelling, Assert.Single(jobs).Status);

        var result = await RunAsync(items, new GenerationOptions());

        var rows = await ReadAllAsync();
        AssertEveryIdOnce(items, 1, rows);
        Assert.Equal(2, rows.Count(r => r.Status == "ok"));
        Assert.Equal(4, rows.Count(r => r.Status == "failed:batch_cancelled"));
        Assert.Contains("ended cancelled", Assert.Single(result.Problems), StringComparison.Ordinal);
    }
}
