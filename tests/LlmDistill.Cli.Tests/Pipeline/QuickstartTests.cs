using System.Text.Json;

namespace LlmDistill.Cli.Tests.Pipeline;

public sealed class QuickstartTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("llmd-quickstart-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    [Trait("Category", "Slow")]
    public async Task The_tiny_quickstart_makes_every_artifact_and_prints_the_summary()
    {
        var output = Path.Combine(_dir, "qs");

        var run = await CliRun.InvokeAsync("quickstart", "--profile", "tiny", "--out", output, "--threads", "1");

        Assert.True(run.ExitCode == 0, run.Stderr);
        string At(params string[] parts) => Path.Combine([output, .. parts]);
        string[] students = ["step-by-step", "answer-only", "token-kd"];
        foreach (var file in new[] { "tasks/train.jsonl", "tasks/validation.jsonl", "tasks/test.jsonl", "teacher/model.gguf", "generate/manifest.json",
                     "generate/examples/part-00000.parquet", "report/report.html", "report/report.md" }
                     .Concat(students.Select(s => $"students/{s}/model.gguf")))
        {
            Assert.True(File.Exists(At(file)), file);
        }

        var testCount = File.ReadLines(At("tasks", "test.jsonl")).Count(l => l.Trim().Length > 0);
        var parameters = new Dictionary<string, long>();
        foreach (var name in students.Prepend("teacher"))
        {
            Assert.True(File.Exists(At("eval", name, "predictions.parquet")), name);
            using var metrics = JsonDocument.Parse(await File.ReadAllTextAsync(At("eval", name, "metrics.json")));
            var root = metrics.RootElement;
            Assert.InRange(root.GetProperty("accuracy").GetProperty("value").GetDouble(), 0, 1);
            Assert.Equal(testCount, root.GetProperty("accuracy").GetProperty("total").GetInt32());
            Assert.Equal(testCount, root.GetProperty("tasks").GetProperty("count").GetInt32());
            Assert.True(root.GetProperty("speed").GetProperty("tokens_per_second").GetDouble() > 0, name);
            parameters[name] = root.GetProperty("model").GetProperty("parameters").GetInt64();
        }
        Assert.All(students, s => Assert.True(parameters[s] < parameters["teacher"], s));

        Assert.Contains($"report: {At("report", "report.html")}", run.Stdout);
        Assert.Contains("The best step-by-step student", run.Stdout);
        Assert.Contains("teacher accuracy ≥ 90 %", run.Stdout);
    }
}
