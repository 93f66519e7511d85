namespace LlmDistill.Cli.Tests.Pipeline;

/// <summary>
/// A pipeline small enough for a test, run once per test class: 60 problems, a micro teacher trained long enough to
/// answer in its format, two one-layer students (one with token KD), one thread.
/// </summary>
public sealed class SmallPipeline : IAsyncLifetime
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("llmd-run-e2e-").FullName;

    public string Config => Path.Combine(Directory, "pipeline.yaml");

    public string Out => Path.Combine(Directory, "out");

    /// <summary>The first run's result.</summary>
    internal CliRun First { get; private set; } = null!;

    /// <summary>The config's text; <paramref name="sbsSteps"/> is the step-by-step student's steps (config line 12).</summary>
    public static string Yaml(int sbsSteps = 6, string output = "out") => $$"""
        out: {{output}}
        threads: 1
        tasks:
          make: {count: 60, steps: 2, max-number: 9, seed: 1}
        teacher:
          train: {objective: cot, preset: micro, steps: 100, batch: 32, warmup: 2, vocab-size: 300, device: cpu, eval-every: 0}
        generate:
          template: question
          logprobs: 3
          max-tokens: 32
        students:
          sbs: {objective: step-by-step, preset: micro, dim: 32, layers: 1, steps: {{sbsSteps}}, checkpoint-every: 3, batch: 8, warmup: 1, vocab-size: 300, device: cpu, eval-every: 0}
          kd: {objective: cot, kd-topk: 3, tokenizer: teacher, preset: micro, dim: 32, layers: 1, steps: 4, batch: 8, warmup: 1, device: cpu, eval-every: 0}
        eval: {max-tokens: 16, parallel: 8}
        report: {title: Small pipeline}

        """;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(Config, Yaml());
        First = await CliRun.InvokeAsync("run", Config);
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>Every file under <paramref name="root"/> with its last write time.</summary>
    public static Dictionary<string, DateTime> Snapshot(string root) => System.IO.Directory
        .EnumerateFiles(root, "*", SearchOption.AllDirectories)
        .ToDictionary(p => p, File.GetLastWriteTimeUtc);

    public static void CopyDirectory(string from, string to)
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            File.SetLastWriteTimeUtc(target, File.GetLastWriteTimeUtc(file));
        }
    }
}
