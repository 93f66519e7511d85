using System.Text;
using LlmDistill.Core.Examples;
using LlmDistill.Core.Prompts;
using LlmDistill.Core.Tasks;
using LlmDistill.Generation.Batch;
using LlmDistill.Generation.Runs;
using LlmDistill.Storage.Examples;

namespace LlmDistill.Generation.Tests.Batch;

/// <summary>A fake Batch API, a run directory, and helpers to run batches against them; one per test.</summary>
public abstract class BatchRunFixture : IAsyncLifetime
{
    protected static readonly PromptTemplate Template = PromptTemplate.Parse(
        Encoding.UTF8.GetBytes("name: t\nuser: \"{{instruction}}\"\n"), "t.yaml");

    // Polls every few milliseconds; retries wait what the server says, else a short backoff.
    protected static readonly BatchOptions FastBatches = new()
    {
        PollInterval = TimeSpan.FromMilliseconds(10),
        BaseDelay = TimeSpan.FromMilliseconds(10),
        MaxDelay = TimeSpan.FromMilliseconds(50),
        MaxRetries = 3,
    };

    protected string Dir { get; } = Directory.CreateTempSubdirectory("llmd-batch-").FullName;

    internal FakeBatchApi Api { get; private set; } = null!;

    public async Task InitializeAsync() => Api = await FakeBatchApi.StartAsync();

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        Directory.Delete(Dir, recursive: true);
    }

    protected static List<TaskItem> Items(int n) => ArithmeticWordProblems.Generate(n, seed: 11).ToList();

    /// <summary>The correct answer to each question, as the teacher's text.</summary>
    protected static Func<string, string> Correct(IReadOnlyList<TaskItem> items)
    {
        var byQuestion = items.ToDictionary(i => i.Instruction);
        return q => $"{byQuestion[q].ReferenceRationale} #### {byQuestion[q].Reference}";
    }

    protected OpenAiBatchService Service(BatchOptions? options = null) =>
        OpenAiBatchService.Create("gpt-test", Api.OpenAiBaseUrl, "LLMD_TEST_UNSET_KEY_VARIABLE", options ?? FastBatches);

    protected async Task<BatchRunResult> RunAsync(IReadOnlyList<TaskItem> items, GenerationOptions options,
        OpenAiBatchService? service = null, BatchOptions? batchOptions = null, CancellationToken cancellationToken = default)
    {
        batchOptions ??= FastBatches;
        await using var writer = await ExampleDatasetWriter.OpenAsync(Dir, cancellationToken: CancellationToken.None);
        return await new BatchGenerationRunner(service ?? Service(batchOptions), Template, options, batchOptions)
            .RunAsync(items, writer, cancellationToken: cancellationToken);
    }

    protected async Task<List<Example>> ReadAllAsync(string? dir = null) =>
        await ExampleDatasetReader.Open(dir ?? Dir).ReadAsync().ToListAsync();

    protected Task<BatchState?> StateAsync() => BatchStateFile.ReadAsync(Dir);

    protected IEnumerable<string> InputFiles() =>
        Directory.EnumerateFiles(Path.Combine(Dir, BatchStateFile.FilesFolder), "input-*.jsonl").Order();

    protected static void AssertEveryIdOnce(IReadOnlyList<TaskItem> items, int samples, IReadOnlyList<Example> rows)
    {
        var expected = items.SelectMany(i => Enumerable.Range(0, samples).Select(s => Example.MakeId(i.Id, Template.Id, s))).Order();
        Assert.Equal(expected, rows.Select(r => r.Id).Order());
    }
}
