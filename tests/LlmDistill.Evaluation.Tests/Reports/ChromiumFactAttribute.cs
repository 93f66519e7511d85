using System.Diagnostics;

namespace LlmDistill.Evaluation.Tests.Reports;

/// <summary>
/// A fact that needs headless Chromium: it runs where Chromium is on PATH or where scripts/screenshot-report.sh can
/// install Debian's package (root, apt-get, a candidate version), and is skipped, saying why, everywhere else.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (WhyUnavailable() is { } reason)
            Skip = reason;
    }

    private static string? WhyUnavailable()
    {
        if (OnPath("chromium") || OnPath("chromium-browser") || OnPath("google-chrome"))
            return null;
        if (!OperatingSystem.IsLinux() || !OnPath("apt-get"))
            return "chromium is not installed and there is no apt-get to install it with";
        if (Environment.UserName != "root" && !OnPath("sudo"))
            return "chromium is not installed and this user cannot install packages (not root, no sudo)";
        var policy = Run("apt-cache", "policy", "chromium");
        if (policy is null || !policy.Contains("Candidate:", StringComparison.Ordinal) || policy.Contains("Candidate: (none)", StringComparison.Ordinal))
            return "chromium is not installed and apt has no candidate for it (run apt-get update, or install it)";
        return null;
    }

    private static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, name)));

    private static string? Run(string file, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(psi);
            if (process is null)
                return null;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit(10_000);
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
