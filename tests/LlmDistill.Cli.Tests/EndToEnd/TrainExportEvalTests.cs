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

    [Fact]
    public async Task A_student_initialised_from_a_gguf_trains_and_exports_with_parity()
    {
        var pretrained = Path.Combine(_dir, "pretrained.gguf");
        var vocabulary = LlmDistill.Gguf.Tokenizer.ByteLevelBpeVocabulary.Create(pre: "gpt-2");
        LlmDistill.Gguf.Llama.LlamaGgufWriter.WriteRandom(pretrained,
            new LlmDistill.Gguf.Llama.LlamaHyperParameters(vocabulary.Tokens.Length, 64, 2, 4, 2, 160, 4096), seed: 8,
            LlmDistill.Gguf.GgufTensorType.F16, vocabulary);
        var tasks = Path.Combine(_dir, "train.jsonl");
        await TaskFileWriter.WriteAsync(tasks, ArithmeticWordProblems.Generate(20, seed: 3));
        var run = Path.Combine(_dir, "from-init");

        var train = await CliRun.InvokeAsync("train", "--init", pretrained, "--data", tasks, "--out", run, "--objective", "cot",
            "--steps", "3", "--batch", "4", "--warmup", "1", "--context", "128", "--threads", "1", "--device", "cpu");
        var export = await CliRun.InvokeAsync("export", "--checkpoint", run, "--out", Path.Combine(_dir, "student.gguf"), "--threads", "1");
        var refused = await CliRun.InvokeAsync("train", "--init", pretrained, "--tokenizer", pretrained, "--data", tasks,
            "--out", Path.Combine(_dir, "other"));

        Assert.True(train.ExitCode == 0, train.Stderr);
        Assert.Contains("initialised from", train.Stderr);
        Assert.True(export.ExitCode == 0, export.Stderr);
        Assert.Equal(vocabulary.Tokens.Length, GgufFile.Read(Path.Combine(_dir, "student.gguf")).GetStringArray(GgufKeys.TokenizerTokens).Length);
        Assert.Equal(["error: --init brings its own tokenizer; drop --tokenizer"], refused.ErrorLines);
    }
}
