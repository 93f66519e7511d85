using System.Diagnostics;
using LlmDistill.Evaluation.Reports;
using LlmDistill.Tests.Shared;

namespace LlmDistill.Evaluation.Tests.Reports;

[Trait("Category", "Slow")]
public sealed class ScreenshotScriptTests : IDisposable
{
    private readonly RunFixtures _fixtures = new();

    public void Dispose() => _fixtures.Dispose();

    [ChromiumFact]
    public async Task Screenshot_script_renders_the_report_to_a_png()
    {
        var report = await ReportBuilder.BuildAsync(new ReportOptions(_fixtures.StandardRuns(), _fixtures.Output), CancellationToken.None);
        var png = Path.Combine(_fixtures.Root, "shot", "report.png");
        var script = Path.Combine(LlamaCppSource.RepoRoot, "scripts", "screenshot-report.sh");

        var psi = new ProcessStartInfo("bash", [script, report.HtmlPath, png, "1280x1600"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), "chromium did not finish within five minutes");
        Assert.True(process.ExitCode == 0, $"screenshot-report.sh exited {process.ExitCode}: {await stderr}");
        Assert.Equal(png, (await stdout).Trim());

        var bytes = await File.ReadAllBytesAsync(png);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        // IHDR: width and height, big-endian, at bytes 16..23.
        Assert.Equal(1280, (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19]);
        Assert.Equal(1600, (bytes[20] << 24) | (bytes[21] << 16) | (bytes[22] << 8) | bytes[23]);
        // A blank page compresses to a few kB; a rendered report with charts and tables is far larger.
        Assert.True(bytes.Length > 60_000, $"the screenshot is only {bytes.Length} bytes: did the page render?");
    }
}
