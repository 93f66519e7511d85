using LlmDistill.Core.Errors;
using LlmDistill.Core.Tasks;
using LlmDistill.Generation.Tasks;

namespace LlmDistill.Cli.Tests.Commands;

public sealed class GenerateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("llmd-cli-gen-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<string> TasksAsync()
    {
        var path = Path.Combine(_dir, "tasks.jsonl");
        await TaskFileWriter.WriteAsync(path, ArithmeticWordProblems.Generate(3, seed: 2));
        return path;
    }

    [Theory]
    [InlineData("--teacher", "gguf", "--model", "m.gguf", "--batch")]
    [InlineData("--teacher", "openai", "--model", "m", "--endpoint", "http://127.0.0.1:1/v1", "--endpoint", "http://127.0.0.1:2/v1", "--batch")]
    [InlineData("--teacher", "gguf", "--model", "m.gguf", "--endpoint", "http://127.0.0.1:1/v1")]
    [InlineData("--teacher", "azure", "--model", "deployment")]
    [InlineData("--teacher", "openai", "--model", "m", "--endpoint", "ftp://example/v1")]
    [InlineData("--teacher", "openai", "--model", "m", "--endpoint", "http://127.0.0.1:1/v1", "--samples", "0")]
    [InlineData("--teacher", "openai", "--model", "m", "--endpoint", "http://127.0.0.1:1/v1", "--logprobs", "21")]
    [InlineData("--teacher", "openai", "--model", "m", "--endpoint", "http://127.0.0.1:1/v1", "--template", "no-such-template")]
    [InlineData("--teacher", "gguf", "--model", "missing.gguf")]
    public async Task Bad_choices_are_one_line_and_exit_code_3(params string[] args)
    {
        var run = await CliRun.InvokeAsync(["generate", "--tasks", await TasksAsync(), "--out", Path.Combine(_dir, "run"), .. args]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Single(run.ErrorLines);
    }

    [Fact]
    public async Task A_template_with_an_unknown_variable_is_named_with_its_line()
    {
        var template = Path.Combine(_dir, "bad.yaml");
        await File.WriteAllTextAsync(template, "name: bad\nuser: \"{{question}}\"\n");

        var run = await CliRun.InvokeAsync("generate", "--teacher", "openai", "--model", "m", "--endpoint", "http://127.0.0.1:1/v1",
            "--tasks", await TasksAsync(), "--out", Path.Combine(_dir, "run"), "--template", template);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal([$"error: {template}:2: unknown variable {{{{question}}}} (known: instruction, input)"], run.ErrorLines);
    }

    [Fact]
    public async Task An_empty_task_file_is_one_line()
    {
        var tasks = Path.Combine(_dir, "empty.jsonl");
        await File.WriteAllTextAsync(tasks, "\n");

        var run = await CliRun.InvokeAsync("generate", "--teacher", "openai", "--model", "m", "--endpoint", "http://127.0.0.1:1/v1",
            "--tasks", tasks, "--out", Path.Combine(_dir, "run"));

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal([$"error: {tasks}: no questions in the file"], run.ErrorLines);
    }

    [Fact]
    public async Task A_corrupt_part_is_named_and_left_untouched()
    {
        var part = Path.Combine(_dir, "run", "examples", "part-00000.parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(part)!);
        await File.WriteAllTextAsync(part, "PAR1 this is not a parquet file PAR1");
        var before = await File.ReadAllBytesAsync(part);

        var run = await CliRun.InvokeAsync("generate", "--teacher", "openai", "--model", "m", "--endpoint", "http://127.0.0.1:1/v1",
            "--tasks", await TasksAsync(), "--out", Path.Combine(_dir, "run"));

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.StartsWith($"error: {part}: corrupt Parquet part", Assert.Single(run.ErrorLines));
        Assert.Equal(before, await File.ReadAllBytesAsync(part));
    }
}
