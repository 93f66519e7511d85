using LlmDistill.Core.Errors;
using LlmDistill.Generation.Tasks;

namespace LlmDistill.Cli.Tests.Commands;

public sealed class TasksCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("llmd-cli-tasks-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Make_then_split_gives_three_disjoint_gsm8k_files()
    {
        var all = Path.Combine(_dir, "all.jsonl");
        var make = await CliRun.InvokeAsync("tasks", "make", "--count", "50", "--seed", "3", "--out", all);
        var split = await CliRun.InvokeAsync("tasks", "split", all, "--out", Path.Combine(_dir, "splits"), "--ratios", "0.6,0.2,0.2");

        Assert.Equal(0, make.ExitCode);
        Assert.Equal(0, split.ExitCode);
        var parts = await Task.WhenAll(new[] { "train", "validation", "test" }
            .Select(n => TaskFileReader.ReadAsync(Path.Combine(_dir, "splits", n + ".jsonl"))));
        Assert.Equal([30, 10, 10], parts.Select(p => p.Items.Count));
        Assert.All(parts, p => Assert.Equal(TaskFileFormat.Gsm8k, p.Format));
        Assert.Equal(50, parts.SelectMany(p => p.Items).Select(i => i.Id).Distinct().Count());
        Assert.All(parts.SelectMany(p => p.Items), i => Assert.Equal("arithmetic", i.Task));
    }

    [Fact]
    public async Task Import_maps_the_columns_of_a_csv()
    {
        var csv = Path.Combine(_dir, "q.csv");
        await File.WriteAllTextAsync(csv, "question,gold\nWhat is 2+2?,4\nWhat is 3+3?,6\nWhat is 2+2?,4\n");
        var output = Path.Combine(_dir, "tasks.jsonl");

        var run = await CliRun.InvokeAsync("tasks", "import", csv, "--out", output, "--instruction-column", "question", "--reference-column", "gold");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("1 duplicates dropped", run.Stderr);
        var read = await TaskFileReader.ReadAsync(output);
        Assert.Equal(["4", "6"], read.Items.Select(i => i.Reference));
    }

    [Theory]
    [InlineData("tasks", "make", "--count", "0", "--out", "x.jsonl")]
    [InlineData("tasks", "make", "--count", "5", "--steps", "7", "--out", "x.jsonl")]
    [InlineData("tasks", "split", "missing.jsonl", "--out", "d")]
    [InlineData("tasks", "split", "missing.jsonl", "--out", "d", "--ratios", "1,2")]
    public async Task Bad_input_is_one_line_and_exit_code_3(params string[] args)
    {
        var run = await CliRun.InvokeAsync([.. args.Select(a => a.EndsWith(".jsonl", StringComparison.Ordinal) || a == "d" ? Path.Combine(_dir, a) : a)]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Single(run.ErrorLines);
    }

    [Fact]
    public async Task An_output_that_cannot_be_written_is_one_line()
    {
        var blocker = Path.Combine(_dir, "file");
        await File.WriteAllTextAsync(blocker, "x");

        var run = await CliRun.InvokeAsync("tasks", "make", "--count", "3", "--out", Path.Combine(blocker, "tasks.jsonl"));

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.StartsWith("error: cannot read or write a file: ", Assert.Single(run.ErrorLines));
    }
}
