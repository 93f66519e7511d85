using LlmDistill.Core.Errors;

namespace LlmDistill.Cli.Tests.Pipeline;

public sealed class EndpointTeacherTests : IDisposable
{
    private const string KeyVariable = "LLMD_RUN_PIPELINE_TEST_KEY";

    private readonly string _dir = Directory.CreateTempSubdirectory("llmd-run-endpoint-").FullName;

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(KeyVariable, null);
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_failing_stage_keeps_its_exit_code_and_the_key_lands_in_no_file()
    {
        var key = FakeSecret.Of("sk-");
        Environment.SetEnvironmentVariable(KeyVariable, key);
        var config = Path.Combine(_dir, "pipeline.yaml");
        // Nothing listens on port 9 (discard): the teacher fails at once.
        await File.WriteAllTextAsync(config, $$"""
            out: out
            tasks:
              make: {count: 5}
            teacher:
              openai: {model: gpt-test, endpoint: "http://127.0.0.1:9/v1", api-key-env: {{KeyVariable}}, retries: 0, timeout: 2}
            generate: {max-tokens: 8}

            """);

        var run = await CliRun.InvokeAsync("run", config);

        Assert.Equal(ExitCodes.ExternalServiceFailed, run.ExitCode);
        Assert.Contains("stage generate failed (exit code 5)", run.Stderr);
        var recorded = await File.ReadAllTextAsync(Path.Combine(_dir, "out", "run.json"));
        Assert.Contains(KeyVariable, recorded);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(_dir, "out"), "*", SearchOption.AllDirectories))
            Assert.DoesNotContain(key, await File.ReadAllTextAsync(file));
        Assert.DoesNotContain(key, run.Stdout + run.Stderr);
    }
}
