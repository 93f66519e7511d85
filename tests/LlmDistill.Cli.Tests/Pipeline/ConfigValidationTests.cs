using LlmDistill.Core.Errors;

namespace LlmDistill.Cli.Tests.Pipeline;

/// <summary>A config is checked whole before anything runs: every mistake is one line naming the file and line.</summary>
public sealed class ConfigValidationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("llmd-run-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(CliRun Run, string Path)> RunAsync(string yaml, params string[] extra)
    {
        var path = Path.Combine(_dir, "pipeline.yaml");
        await File.WriteAllTextAsync(path, yaml);
        return (await CliRun.InvokeAsync(["run", path, .. extra]), path);
    }

    private const string Tasks = "out: out\ntasks:\n  make: {count: 10}\n";

    [Theory]
    [InlineData(Tasks + "studnets: {}\n", 4, "unknown key 'studnets'")]
    [InlineData(Tasks + "teacher:\n  train:\n    preset: micro\n    stepz: 10\n", 7, "unknown key 'stepz' in teacher.train")]
    [InlineData(Tasks + "teacher: {gguf: models/none.gguf}\n", 4, "teacher.gguf: ")]
    [InlineData("out: out\ntasks:\n  file: data/none.jsonl\n", 3, "tasks.file: ")]
    [InlineData(Tasks + "eval:\n  models:\n    old: missing.gguf\n", 6, "eval.models.old: ")]
    [InlineData(Tasks + "teacher:\n  train: {steps: many}\n", 5, "teacher.train: Cannot parse argument 'many' for option '--steps'")]
    [InlineData(Tasks + "teacher:\n  train: {out: elsewhere}\n", 5, "'out' cannot be set in teacher.train")]
    [InlineData(Tasks + "teacher:\n  openai: {model: m, api-key: nope}\n", 5, "unknown key 'api-key' in teacher.openai")]
    [InlineData(Tasks + "teacher:\n  gguf: a.gguf\n  train: {}\n", 6, "teacher has both 'gguf' and 'train'")]
    [InlineData("out: out\ntasks:\n  make: {count: 10\n", 4, "")]
    [InlineData("out: out\ntasks:\n  make: [1, 2]\n", 3, "'tasks.make' must be a mapping")]
    public async Task A_mistake_is_one_line_naming_the_config_line_and_nothing_runs(string yaml, int line, string message)
    {
        File.WriteAllText(Path.Combine(_dir, "a.gguf"), "");

        var (run, path) = await RunAsync(yaml);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.StartsWith($"error: {path}:{line}: {message}", Assert.Single(run.ErrorLines));
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")));
    }

    [Fact]
    public async Task A_missing_file_is_named_with_its_full_path()
    {
        var (run, path) = await RunAsync("out: out\ntasks:\n  file: data/questions.jsonl\n");

        Assert.Equal($"error: {path}:3: tasks.file: {Path.Combine(_dir, "data", "questions.jsonl")} not found", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task Students_without_generation_and_a_shared_tokenizer_without_a_gguf_teacher_are_refused()
    {
        var (noGenerate, path) = await RunAsync(Tasks + "teacher: {openai: {model: m}}\nstudents:\n  s: {steps: 2}\n", "--dry-run");
        var (http, _) = await RunAsync(Tasks + "teacher: {openai: {model: m}}\ngenerate: {}\nstudents:\n  s: {tokenizer: teacher}\n", "--dry-run");

        Assert.Equal($"error: {path}:5: students train on the teacher's answers: add a generate section", Assert.Single(noGenerate.ErrorLines));
        Assert.StartsWith($"error: {path}:7: 'tokenizer: teacher' needs a GGUF teacher", Assert.Single(http.ErrorLines));
    }

    [Fact]
    public async Task From_and_only_exclude_each_other_and_take_stage_names()
    {
        var (both, _) = await RunAsync(Tasks, "--from", "eval", "--only", "eval");
        var (unknown, _) = await RunAsync(Tasks, "--only", "training");

        Assert.Equal(ExitCodes.Usage, both.ExitCode);
        Assert.Equal(ExitCodes.Usage, unknown.ExitCode);
    }

    [Fact]
    public async Task Dry_run_prints_each_stage_as_an_llm_distill_command_and_runs_nothing()
    {
        var (run, _) = await RunAsync(Tasks + "threads: 1\nteacher:\n  train: {preset: micro, steps: 3}\neval: {max-tokens: 8}\n", "--dry-run", "--threads", "2");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["# stage tasks", "# stage teacher", "# stage eval", "# stage report"], lines.Where(l => l.StartsWith('#')));
        Assert.Contains("llm-distill tasks make --out out/tasks/all.jsonl --count 10", lines.Select(l => l.Replace(_dir + "/", "", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.StartsWith("llm-distill train ", StringComparison.Ordinal) && l.EndsWith("--preset micro --steps 3 --threads 2", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("llm-distill eval --teacher gguf --model ", StringComparison.Ordinal) && l.Contains("--role teacher", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")));
    }

    [Theory]
    [InlineData(new string[0], "--threads 2", "--threads 1")]
    [InlineData(new[] { "--threads", "3" }, "--threads 3", "--threads 3")]
    public async Task A_section_threads_overrides_the_top_level_and_the_command_line_overrides_both(string[] extra, string train, string eval)
    {
        var (run, _) = await RunAsync(Tasks + "threads: 1\nteacher:\n  train: {preset: micro, steps: 3, threads: 2}\neval: {max-tokens: 8}\n",
            ["--dry-run", .. extra]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("llm-distill train ", StringComparison.Ordinal) && l.EndsWith("--steps 3 " + train, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("llm-distill eval ", StringComparison.Ordinal) && l.EndsWith(eval, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_section_threads_must_be_a_positive_whole_number()
    {
        var (run, path) = await RunAsync(Tasks + "teacher:\n  train: {preset: micro, threads: 0}\n", "--dry-run");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains($"{path}:5: 'threads' in teacher.train must be a whole number of at least 1", run.Stderr, StringComparison.Ordinal);
    }
}
