using System.Diagnostics;
using System.Text.Json;

namespace LlmDistill.Cli.Tests.Pipeline;

/// <summary>The llm-distill program runs each stage in a process of its own (in-process runs are for hosts like this one).</summary>
public sealed class StageProcessTests(SmallPipeline pipeline) : IClassFixture<SmallPipeline>
{
    [Fact]
    public async Task The_program_runs_each_stage_in_its_own_process_so_eval_measures_its_model_alone()
    {
        var dir = Path.Combine(pipeline.Directory, "program");
        Directory.CreateDirectory(dir);
        var config = Path.Combine(dir, "pipeline.yaml");
        await File.WriteAllTextAsync(config, SmallPipeline.Yaml());
        var cli = Path.Combine(AppContext.BaseDirectory, "llm-distill.dll");

        using var process = Process.Start(new ProcessStartInfo("dotnet", [cli, "run", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, await stderr);
        Assert.Contains("stage eval (sbs)", await stderr, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(dir, "out", "report", "report.html"), await stdout, StringComparison.Ordinal);
        // In one process, eval's peak counts what training left resident; in its own, the model and llama.cpp alone.
        var own = await PeakRss(Path.Combine(dir, "out", "eval", "sbs", "metrics.json"));
        var shared = await PeakRss(Path.Combine(pipeline.Out, "eval", "sbs", "metrics.json"));
        Assert.True(own < shared, $"{own} bytes in its own process, {shared} in the test host");
        Assert.InRange(own, 1, 400L << 20);
    }

    private static async Task<long> PeakRss(string metrics) =>
        JsonDocument.Parse(await File.ReadAllTextAsync(metrics)).RootElement.GetProperty("peak_rss_bytes").GetInt64();
}
