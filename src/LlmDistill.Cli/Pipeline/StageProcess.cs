using System.ComponentModel;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using LlmDistill.Cli.Output;
using LlmDistill.Core.Errors;

namespace LlmDistill.Cli.Pipeline;

/// <summary>
/// Runs one stage's verb. When this process is the llm-distill program, each stage gets a process of its own (the
/// same program, the same console): a stage's memory, native libraries and any crash stay its own, and eval's peak
/// memory is its model's, not what an earlier training stage left resident. Hosted elsewhere (a test runner), the
/// verb runs in-process, with the same arguments and console.
/// </summary>
internal static class StageProcess
{
    private const int SigInt = 2;
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, AppConsole console, CancellationToken cancellationToken)
    {
        if (Program() is not { } start)
            return await CliApp.InvokeAsync([.. args], console, cancellationToken);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new RuntimeUnavailableException($"could not start {start.FileName}");
        }
        catch (Win32Exception e)
        {
            throw new RuntimeUnavailableException($"could not start {start.FileName}: {e.Message}", e);
        }
        using (process)
        {
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C reaches the stage too; otherwise ask it to stop the same way, so that it leaves consistent
                // outputs (a checkpoint, a whole Parquet part), and only kill it if it does not.
                _ = Kill(process.Id, SigInt);
                using var grace = new CancellationTokenSource(StopGrace);
                try
                {
                    await process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync(CancellationToken.None);
                }
                return ExitCodes.Cancelled;
            }
            return process.ExitCode;
        }
    }

    // `dotnet llm-distill.dll ...` from a build, or the apphost of the installed tool; null when hosted by another program.
    private static ProcessStartInfo? Program()
    {
        var cli = typeof(CliApp).Assembly;
        if (Assembly.GetEntryAssembly() != cli || Environment.ProcessPath is not { } host)
            return null;
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            start.ArgumentList.Add(cli.Location);
        return start;
    }

    [DllImport("libc", EntryPoint = "kill")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
