using LlmDistill.Cli;
using LlmDistill.Cli.Output;

namespace LlmDistill.Cli.Tests;

/// <summary>Runs the command line in-process and captures what it prints.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public static async Task<CliRun> InvokeAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.InvokeAsync(args, new AppConsole(stdout, stderr, interactive: false));
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The lines of standard error that report a failure (progress and hints excluded).</summary>
    public string[] ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Where(l => l.StartsWith("error: ", StringComparison.Ordinal)).ToArray();
}
