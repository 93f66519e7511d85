using System.Text.Json;
using LlmDistill.Core.Errors;
using LlmDistill.Core.Tasks;
using LlmDistill.Generation.Tasks;
using LlmDistill.Gguf.Llama;
using LlmDistill.Gguf.Tokenizer;

namespace LlmDistill.Cli.Tests.EndToEnd;

public sealed class EvalAndReportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("llmd-e2e-eval-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_model_that_cannot_answer_scores_near_zero_and_the_report_is_written()
    {
        var model = Path.Combine(_dir, "random.gguf");
        var vocabulary = ByteLevelBpeVocabulary.Create();
        LlamaGgufWriter.WriteRandom(model, new LlamaHyperParameters(vocabulary.Tokens.Length, 64, 2, 4, 2, 128, 512), 3, tokenizer: vocabulary);
        var tasks = Path.Combine(_dir, "test.jsonl");
        await TaskFileWriter.WriteAsync(tasks, ArithmeticWordProblems.Generate(12, seed: 9));
        var evalDir = Path.Combine(_dir, "eval");

        var eval = await CliRun.InvokeAsync("eval", "--model", model, "--tasks", tasks, "--out", evalDir,
            "--format", "cot", "--max-tokens", "24", "--threads", "1", "--label", "objective=cot");
        var report = await CliRun.InvokeAsync("report", "--runs", evalDir, "--out", Path.Combine(_dir, "report"));

        Assert.True(eval.ExitCode == 0, eval.Stderr);
        using var metrics = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(evalDir, "metrics.json")));
        Assert.InRange(metrics.RootElement.GetProperty("accuracy").GetProperty("value").GetDouble(), 0, 0.1);
        Assert.InRange(metrics.RootElement.GetProperty("parse_failure_rate").GetDouble(), 0.8, 1);
        Assert.True(File.Exists(Path.Combine(evalDir, "predictions.parquet")));
        Assert.True(report.ExitCode == 0, report.Stderr);
        Assert.EndsWith("report.html", report.Stdout.Trim());
        Assert.Contains("no teacher", report.Stderr, StringComparison.OrdinalIgnoreCase);

        var again = await CliRun.InvokeAsync("eval", "--model", model, "--tasks", tasks, "--out", evalDir, "--format", "cot");
        Assert.Equal(ExitCodes.InvalidInput, again.ExitCode);
        Assert.Single(again.ErrorLines);
    }

    [Fact]
    public async Task A_missing_model_is_one_line() =>
        Assert.Equal(ExitCodes.InvalidInput, (await CliRun.InvokeAsync("eval", "--model", Path.Combine(_dir, "none.gguf"),
            "--tasks", await WriteTasksAsync(), "--out", Path.Combine(_dir, "e"), "--format", "cot")).ExitCode);

    private async Task<string> WriteTasksAsync()
    {
        var tasks = Path.Combine(_dir, "t.jsonl");
        await TaskFileWriter.WriteAsync(tasks, ArithmeticWordProblems.Generate(2, seed: 1));
        return tasks;
    }
}
