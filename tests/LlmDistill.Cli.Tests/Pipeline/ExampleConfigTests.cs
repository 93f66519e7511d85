using LlmDistill.Cli.Pipeline;

namespace LlmDistill.Cli.Tests.Pipeline;

/// <summary>The configs in configs/ are documentation users copy: each must pass the same checks as a real run.</summary>
public sealed class ExampleConfigTests : IDisposable
{
    // The inputs the examples name, relative to their folder; a copy gets empty placeholders, which is all --dry-run reads.
    private static readonly string[] Inputs =
    [
        "data/questions.jsonl", "data/test.jsonl", "models/teacher.gguf", "models/student-sbs.gguf", "models/student-ao.gguf", "models/baseline.gguf",
    ];

    private static readonly string Configs = Path.Combine(LlamaCppSource.RepoRoot, "configs");

    private readonly string _dir = Directory.CreateTempSubdirectory("llmd-run-examples-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static List<string> Names() => [.. Directory.EnumerateFiles(Configs, "*.yaml").Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> Files() => [.. Names()];

    [Theory]
    [MemberData(nameof(Files))]
    public async Task An_example_config_passes_dry_run(string name)
    {
        File.Copy(Path.Combine(Configs, name), Path.Combine(_dir, name));
        foreach (var input in Inputs)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(_dir, input))!);
            await File.WriteAllTextAsync(Path.Combine(_dir, input), "");
        }

        var run = await CliRun.InvokeAsync("run", Path.Combine(_dir, name), "--dry-run");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("# stage eval", run.Stdout);
        Assert.Contains("llm-distill report --runs ", run.Stdout);
        Assert.False(Directory.Exists(Path.Combine(_dir, "runs")));
    }

    [Fact]
    public void There_are_the_five_documented_examples() =>
        Assert.Equal(["alpaca-openai.yaml", "eval-only.yaml", "local-gguf-teacher.yaml", "quickstart-tiny.yaml", "quickstart.yaml"], Names());

    [Theory]
    [InlineData("quickstart.yaml")]
    [InlineData("quickstart-tiny.yaml")]
    public void Quickstart_runs_the_config_files_built_into_the_tool(string name) =>
        Assert.Equal(File.ReadAllText(Path.Combine(Configs, name)), EmbeddedConfigs.Read(name));
}
