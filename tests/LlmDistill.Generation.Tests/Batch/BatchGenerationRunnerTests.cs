using System.Text.Json;
using LlmDistill.Core.Examples;
using LlmDistill.Generation.Batch;
using LlmDistill.Generation.Runs;
using LlmDistill.Generation.Teachers;
using LlmDistill.Generation.Tests.Runs;
using LlmDistill.Storage.Examples;

namespace LlmDistill.Generation.Tests.Batch;

public sealed class BatchGenerationRunnerTests : BatchRunFixture
{
    [Fact]
    public async Task A_batch_run_stores_the_rows_the_online_runner_stores()
    {
        var items = Items(12);
        var answer = Correct(items);
        // Two samples each with one answer per question: the second sample of every item is a repeat.
        var options = new GenerationOptions { Samples = 2, Temperature = 0.7, TopLogprobs = 2, Seed = 5, MaxTokens = 64 };
        Api.Answer = (q, _) => FakeAnswer.Say(answer(q));

        var result = await RunAsync(items, options, batchOptions: FastBatches with { MaxRequestsPerFile = 5 });

        var online = Path.Combine(Dir, "online");
        await using (var writer = await ExampleDatasetWriter.OpenAsync(online))
        {
            await new GenerationRunner(new FakeTeacher((q, _) => new TeacherResponse(answer(q), "stop", 20, 5)), Template, options)
                .RunAsync(items, writer);
        }
        var batchRows = await ReadAllAsync();
        var onlineRows = (await ReadAllAsync(online)).ToDictionary(r => r.Id);

        AssertEveryIdOnce(items, 2, batchRows);
        Assert.Equal(24, result.Progress.Done);
        Assert.Equal(12, result.Progress.Ok);
        foreach (var row in batchRows)
        {
            var expected = onlineRows[row.Id];
            Assert.Equal((expected.Status, expected.Answer, expected.Rationale, expected.Output, expected.FinishReason),
                (row.Status, row.Answer, row.Rationale, row.Output, row.FinishReason));
            Assert.Equal((expected.SampleIndex, expected.Template, expected.Temperature, expected.Reference),
                (row.SampleIndex, row.Template, row.Temperature, row.Reference));
            Assert.Equal((expected.PromptTokens, expected.CompletionTokens), (row.PromptTokens, row.CompletionTokens));
            Assert.Equal(expected.TopLogprobs!.Select(t => (t.Position, t.Token, t.Logprob)), row.TopLogprobs!.Select(t => (t.Position, t.Token, t.Logprob)));
            Assert.Equal("openai:gpt-test", row.Teacher);
        }
        // Two samples per item, at most five requests per file: items are not split, so four per file.
        Assert.Equal(6, Api.BatchesCreated);
        Assert.All(InputFiles(), f => Assert.Equal(4, File.ReadAllLines(f).Length));
        Assert.All(result.Jobs, j => Assert.True(j.Collected && j.Status == BatchStatus.Completed));
        Assert.Empty(result.Problems);
    }

    [Fact]
    public async Task Input_lines_carry_the_request_the_online_teacher_sends()
    {
        var items = Items(1);
        var options = new GenerationOptions { Temperature = 0.7, TopLogprobs = 3, Seed = 5, MaxTokens = 64 };
        await RunAsync(items, options);

        using var line = JsonDocument.Parse(File.ReadLines(InputFiles().Single()).Single());
        var root = line.RootElement;
        var id = Example.MakeId(items[0].Id, Template.Id, 0);
        Assert.Equal(id, root.GetProperty("custom_id").GetString());
        Assert.Equal("POST", root.GetProperty("method").GetString());
        Assert.Equal("/v1/chat/completions", root.GetProperty("url").GetString());
        var body = root.GetProperty("body");
        Assert.Equal("gpt-test", body.GetProperty("model").GetString());
        Assert.Equal(items[0].Instruction, body.GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Equal(0.7f, body.GetProperty("temperature").GetSingle());
        Assert.Equal(64, body.GetProperty("max_completion_tokens").GetInt32());
        Assert.True(body.GetProperty("logprobs").GetBoolean());
        Assert.Equal(3, body.GetProperty("top_logprobs").GetInt32());
        var seed = new SampleFactory(Template, options, "x", TimeProvider.System).Request(items[0], id).Seed;
        Assert.Equal(seed, body.GetProperty("seed").GetInt32());
        Assert.Contains("POST /v1/batches", Api.Requests);
    }

    [Fact]
    public async Task Input_files_stay_within_the_byte_limit()
    {
        var items = Items(20);
        var limit = 2048L;
        await RunAsync(items, new GenerationOptions(), batchOptions: FastBatches with { MaxBytesPerFile = limit });

        var files = InputFiles().ToList();
        Assert.True(files.Count > 1, "the limit should split the requests over several files");
        Assert.All(files, f => Assert.InRange(new FileInfo(f).Length, 1, limit));
        Assert.Equal(files.Count, Api.BatchesCreated);
        AssertEveryIdOnce(items, 1, await ReadAllAsync());
    }

    [Fact]
    public async Task A_finished_run_run_again_submits_nothing()
    {
        var items = Items(5);
        await RunAsync(items, new GenerationOptions());
        var again = await RunAsync(items, new GenerationOptions());

        Assert.Equal(5, again.Progress.Skipped);
        Assert.Equal(1, Api.BatchesCreated);
        Assert.Equal(1, Api.FilesUploaded);
        AssertEveryIdOnce(items, 1, await ReadAllAsync());
    }

    [Fact]
    public async Task Each_change_of_a_batch_is_reported()
    {
        var items = Items(2);
        var seen = new List<BatchJob>();
        await using (var writer = await ExampleDatasetWriter.OpenAsync(Dir))
        {
            await new BatchGenerationRunner(Service(), Template, new GenerationOptions(), FastBatches)
                .RunAsync(items, writer, jobProgress: new Recorder<BatchJob>(seen));
        }

        var statuses = seen.Select(j => j.Status).Distinct();
        Assert.Equal([BatchStatus.Written, BatchStatus.Validating, BatchStatus.InProgress, BatchStatus.Completed], statuses);
        Assert.True(seen[^1].Collected);
        Assert.Equal(2, seen[^1].Stored["ok"]);
    }

    // Reports on the caller's thread, in order (Progress<T> posts to the thread pool).
    private sealed class Recorder<T>(List<T> seen) : IProgress<T>
    {
        public void Report(T value) => seen.Add(value);
    }
}
