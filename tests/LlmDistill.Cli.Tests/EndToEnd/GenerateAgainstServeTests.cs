using System.Diagnostics;
using System.Text.RegularExpressions;
using LlmDistill.Core.Errors;
using LlmDistill.Core.Tasks;
using LlmDistill.Generation.Tasks;
using LlmDistill.Serving;
using LlmDistill.Serving.Backend;
using LlmDistill.Serving.Faults;
using LlmDistill.Storage.Examples;

namespace LlmDistill.Cli.Tests.EndToEnd;

/// <summary>
/// <c>generate</c> against our own <c>serve</c> over real HTTP through the real SDK clients: faults,
/// Retry-After, kill -9 and resume, the Azure route, and keys that never reach a file.
/// </summary>
[Trait("Category", "Slow")]
public sealed partial class GenerateAgainstServeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("llmd-e2e-gen-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(string Tasks, string Template, Dictionary<string, TaskItem> ByQuestion)> TasksAsync(int count)
    {
        var items = ArithmeticWordProblems.Generate(count, seed: 21).ToList();
        var tasks = Path.Combine(_dir, "tasks.jsonl");
        await TaskFileWriter.WriteAsync(tasks, items);
        // One user message and no examples: the server sees the question as the whole prompt.
        var template = Path.Combine(_dir, "plain.yaml");
        await File.WriteAllTextAsync(template, "name: plain\nuser: \"{{instruction}}\"\n");
        return (tasks, template, items.ToDictionary(i => i.Instruction));
    }

    private static ScriptedCompletionBackend Teacher(Dictionary<string, TaskItem> byQuestion, TimeSpan tokenDelay = default) =>
        new(r => byQuestion.TryGetValue(r.Prompt.Trim(), out var item)
            ? $"{item.ReferenceRationale} #### {item.Reference}"
            : "I do not know this question.", tokenDelay);

    private static Task<OpenAiCompatibleServer> ServeAsync(ICompletionBackend backend, FaultInjection? faults = null, string? keyVariable = null) =>
        OpenAiCompatibleServer.StartAsync(new ServeOptions
        {
            ModelAlias = "teacher",
            ApiKeyEnvironmentVariable = keyVariable,
            ParallelSequences = 16,
            Faults = faults ?? FaultInjection.None,
        }, backend);

    private static async Task<List<LlmDistill.Core.Examples.Example>> StoredAsync(string run) =>
        await ExampleDatasetReader.Open(run).ReadAsync().ToListAsync();

    [Fact]
    public async Task A_thousand_questions_with_30_percent_faults_store_exactly_a_thousand_rows()
    {
        var (tasks, template, byQuestion) = await TasksAsync(1000);
        var faults = new FaultInjection
        {
            Probability = 0.3,
            Seed = 5,
            RetryAfterSeconds = 1,
            StallSeconds = 20,
            Weights = FaultInjection.ParseWeights("429:4,500:2,503:2,stall:1,malformed:1,drop:1"),
        };
        await using var server = await ServeAsync(Teacher(byQuestion), faults);
        var run = Path.Combine(_dir, "run");

        var result = await CliRun.InvokeAsync("generate", "--teacher", "openai", "--model", "teacher",
            "--endpoint", server.BaseUrl + "/v1", "--tasks", tasks, "--template", template, "--out", run,
            "--concurrency", "32", "--timeout", "3", "--retries", "12");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var rows = await StoredAsync(run);
        Assert.Equal(1000, rows.Count);
        Assert.Equal(1000, rows.Select(r => r.Id).Distinct().Count());
        Assert.All(rows, r => Assert.True(r.Status == "ok" || r.Status.StartsWith("failed:", StringComparison.Ordinal), r.Status));
        Assert.True(rows.Count(r => r.Status == "ok") >= 990,
            string.Join(", ", rows.GroupBy(r => r.Status).Select(g => $"{g.Key} {g.Count()}")));
        Assert.All(rows.Where(r => r.Status == "ok"), r => Assert.Equal(r.Reference, r.Answer));

        var counters = server.FaultCounters;
        Assert.True(counters.Injected[FaultKind.TooManyRequests] > 50, "429s were injected");
        Assert.True(counters.RetriesAfterWait > 0, "the client came back after Retry-After");
        Assert.Equal(0, counters.RetriesTooEarly);
        var waits = int.Parse(RetryAfterWaits().Match(result.Stderr).Groups[1].Value);
        Assert.True(waits > 0, result.Stderr);
    }

    [Fact]
    public async Task Kill_9_mid_run_then_the_same_command_completes_without_duplicates()
    {
        var (tasks, template, byQuestion) = await TasksAsync(1200);
        await using var server = await ServeAsync(Teacher(byQuestion, TimeSpan.FromMilliseconds(5)));
        var run = Path.Combine(_dir, "run");
        string[] args = ["generate", "--teacher", "openai", "--model", "teacher", "--endpoint", server.BaseUrl + "/v1",
            "--tasks", tasks, "--template", template, "--out", run, "--concurrency", "8"];

        var cli = Path.Combine(AppContext.BaseDirectory, "llm-distill.dll");
        using (var process = Process.Start(new ProcessStartInfo("dotnet", [cli, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _dir,
        })!)
        {
            var examples = Path.Combine(run, "examples");
            var deadline = Stopwatch.StartNew();
            while (!(Directory.Exists(examples) && Directory.GetFiles(examples, "part-*.parquet").Length > 0))
            {
                if (process.HasExited)
                    Assert.Fail("the run ended before it could be killed: " + await process.StandardError.ReadToEndAsync());
                Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(3), "no part was written in time");
                await Task.Delay(50);
            }
            Assert.False(process.HasExited, $"the run finished in {deadline.Elapsed} before it could be killed");
            process.Kill(entireProcessTree: true); // SIGKILL: no flush, no clean-up
            await process.WaitForExitAsync();
        }
        var before = (await StoredAsync(run)).Count;
        Assert.InRange(before, 1, 1199);

        var resumed = await CliRun.InvokeAsync(args);

        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Contains($"resuming: {before:N0} samples already stored", resumed.Stderr);
        var rows = await StoredAsync(run);
        Assert.Equal(1200, rows.Count);
        Assert.Equal(1200, rows.Select(r => r.Id).Distinct().Count());
        Assert.All(rows, r => Assert.Equal("ok", r.Status));
    }

    [Fact]
    public async Task The_azure_client_works_end_to_end_and_its_key_reaches_no_file()
    {
        var (tasks, template, byQuestion) = await TasksAsync(40);
        var keyVariable = "LLMD_TEST_AZURE_KEY_" + Environment.ProcessId;
        var key = "azk-" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(keyVariable, key);
        try
        {
            await using var server = await ServeAsync(Teacher(byQuestion), keyVariable: keyVariable);
            var run = Path.Combine(_dir, "azure-run");

            var result = await CliRun.InvokeAsync("generate", "--teacher", "azure", "--model", "teacher",
                "--endpoint", server.BaseUrl, "--api-key-env", keyVariable, "--tasks", tasks, "--template", template,
                "--out", run, "--logprobs", "3");

            Assert.True(result.ExitCode == 0, result.Stderr);
            var rows = await StoredAsync(run);
            Assert.Equal(40, rows.Count);
            Assert.All(rows, r => Assert.Equal("ok", r.Status));
            Assert.All(rows, r => Assert.Equal("azure:teacher", r.Teacher));
            Assert.All(rows, r => Assert.NotEmpty(r.TopLogprobs!));
            foreach (var file in Directory.EnumerateFiles(run, "*", SearchOption.AllDirectories))
                Assert.DoesNotContain(key, await File.ReadAllTextAsync(file));
            Assert.DoesNotContain(key, result.Stdout + result.Stderr);
            Assert.Contains(keyVariable, await File.ReadAllTextAsync(Path.Combine(run, "manifest.json")));

            var otherVariable = keyVariable + "_WRONG";
            Environment.SetEnvironmentVariable(otherVariable, "wrong-key");
            var wrongKey = await CliRun.InvokeAsync("generate", "--teacher", "azure", "--model", "teacher",
                "--endpoint", server.BaseUrl, "--api-key-env", otherVariable, "--tasks", tasks,
                "--template", template, "--out", Path.Combine(_dir, "wrong-key"));
            Environment.SetEnvironmentVariable(otherVariable, null);
            Assert.Equal(ExitCodes.ExternalServiceFailed, wrongKey.ExitCode);
            Assert.Equal(["error: azure:teacher refused the credentials (HTTP 401): check the API key variable"], wrongKey.ErrorLines);
        }
        finally
        {
            Environment.SetEnvironmentVariable(keyVariable, null);
        }
    }

    [Fact]
    public async Task An_unreachable_endpoint_is_one_line_and_stores_nothing()
    {
        var (tasks, template, _) = await TasksAsync(5);
        var run = Path.Combine(_dir, "down");

        var result = await CliRun.InvokeAsync("generate", "--teacher", "openai", "--model", "m",
            "--endpoint", "http://127.0.0.1:9/v1", "--tasks", tasks, "--template", template, "--out", run, "--retries", "1");

        Assert.Equal(ExitCodes.ExternalServiceFailed, result.ExitCode);
        Assert.Equal(["error: openai:m did not answer the first question (failed:connection); nothing was stored. Is the endpoint reachable?"],
            result.ErrorLines);
        Assert.Empty(Directory.GetFiles(run, "*.parquet", SearchOption.AllDirectories));
    }

    [GeneratedRegex(@"(\d+) Retry-After waits")]
    private static partial Regex RetryAfterWaits();
}
