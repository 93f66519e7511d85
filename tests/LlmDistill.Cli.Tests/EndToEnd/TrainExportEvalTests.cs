using System.Text.Json;
using LlmDistill.Core.Tasks;
using LlmDistill.Generation.Tasks;
using LlmDistill.Gguf;

namespace LlmDistill.Cli.Tests.EndToEnd;

public sealed class TrainExportEvalTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("llmd-e2e-tee-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("cot")]
    [InlineData("answer-only")]
    public async Task An_exported_student_records_its_objective_and_eval_asks_in_that_format(string objective)
    {
        var tasks = Path.Combine(_dir, "train.jsonl");
        await TaskFileWriter.WriteAsync(tasks, ArithmeticWordProblems.Generate(40, seed: 6));
        var run = Path.Combine(_dir, "student");
        var gguf = Path.Combine(_dir, "student.gguf");

        var train = await CliRun.InvokeAsync("train", "--data", tasks, "--out", run, "--objective", objective, "--preset", "micro",
            "--steps", "6", "--batch", "8", "--warmup", "1", "--vocab-size", "300", "--threads", "1", "--device", "cpu");
        var export = await CliRun.InvokeAsync("export", "--checkpoint", run, "--out", gguf, "--threads", "1");
        var eval = await CliRun.InvokeAsync("eval", "--model", gguf, "--tasks", tasks, "--out", Path.Combine(_dir, "eval"),
            "--max-tokens", "16", "--threads", "1");

        Assert.True(train.ExitCode == 0, train.Stderr);
        Assert.True(export.ExitCode == 0, export.Stderr);
        Assert.Equal(objective, GgufFile.Read(gguf).GetString("llm_distill.format"));
        Assert.True(eval.ExitCode == 0, eval.Stderr);
        using var metrics = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_dir, "eval", "metrics.json")));
        Assert.Contains(objective == "cot" ? "cot" : "answer", metrics.RootElement.GetProperty("tasks").GetProperty("template").GetString());
    }
}
