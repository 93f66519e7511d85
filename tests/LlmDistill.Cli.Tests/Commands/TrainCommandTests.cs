using LlmDistill.Core.Errors;
using LlmDistill.Core.Tasks;
using LlmDistill.Generation.Tasks;

namespace LlmDistill.Cli.Tests.Commands;

public sealed class TrainCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("llmd-cli-train-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<string> TasksAsync(int count = 60)
    {
        var path = Path.Combine(_dir, "train.jsonl");
        await TaskFileWriter.WriteAsync(path, ArithmeticWordProblems.Generate(count, seed: 4));
        return path;
    }

    private static string[] Train(string data, string output, params string[] extra) =>
        ["train", "--data", data, "--out", output, "--preset", "micro", "--batch", "8", "--warmup", "2", "--eval-every", "5",
         "--checkpoint-every", "5", "--vocab-size", "300", "--threads", "1", "--device", "cpu", .. extra];

    [Fact]
    public async Task Trains_from_a_task_file_then_resumes_only_when_asked()
    {
        var tasks = await TasksAsync();
        var output = Path.Combine(_dir, "run");

        var first = await CliRun.InvokeAsync(Train(tasks, output, "--steps", "10"));
        var again = await CliRun.InvokeAsync(Train(tasks, output, "--steps", "15"));
        var resumed = await CliRun.InvokeAsync(Train(tasks, output, "--steps", "15", "--resume"));

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.True(File.Exists(Path.Combine(output, "metrics.jsonl")));
        Assert.True(File.Exists(Path.Combine(output, "tokenizer.gguf")));
        Assert.Equal(ExitCodes.InvalidInput, again.ExitCode);
        Assert.Contains("pass --resume", Assert.Single(again.ErrorLines));
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Contains("resuming at step 10", resumed.Stderr);
        Assert.Contains("15 steps", resumed.Stderr);
    }

    [Fact]
    public async Task A_config_file_supplies_options_and_the_command_line_wins()
    {
        var config = Path.Combine(_dir, "train.yaml");
        await File.WriteAllTextAsync(config, "steps: 4\nobjective: answer-only\nbatch: 64\n");

        var run = await CliRun.InvokeAsync(Train(await TasksAsync(), Path.Combine(_dir, "run"), "--config", config));

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("objective AnswerOnly", run.Stderr);
        Assert.Contains("4 steps", run.Stderr);
    }

    [Fact]
    public async Task An_unknown_config_key_names_the_file_line_and_key()
    {
        var config = Path.Combine(_dir, "train.yaml");
        await File.WriteAllTextAsync(config, "steps: 4\nlearning_rate: 0.1\n");

        var run = await CliRun.InvokeAsync(Train(await TasksAsync(), Path.Combine(_dir, "run"), "--config", config));

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.StartsWith($"error: {config}:2: unknown key 'learning_rate'", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task A_task_file_without_answers_is_one_line()
    {
        var tasks = Path.Combine(_dir, "questions.jsonl");
        await File.WriteAllTextAsync(tasks, "{\"instruction\": \"What is 2+2?\"}\n");

        var run = await CliRun.InvokeAsync(Train(tasks, Path.Combine(_dir, "run")));

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Single(run.ErrorLines);
    }

    [Fact]
    public async Task Token_kd_without_teacher_logprobs_is_refused_with_what_it_needs()
    {
        var run = await CliRun.InvokeAsync(Train(await TasksAsync(), Path.Combine(_dir, "run"), "--objective", "cot", "--kd-topk", "5"));

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("--logprobs", Assert.Single(run.ErrorLines));
    }
}
