using System.CommandLine;
using LlmDistill.Cli.Output;
using LlmDistill.Core.Errors;

namespace LlmDistill.Cli.Commands;

/// <summary>
/// Wraps every command's action: a user-facing failure becomes one line and its exit code, Ctrl-C
/// becomes <see cref="ExitCodes.Cancelled"/>, and anything else is reported as an internal error.
/// </summary>
internal static class CommandRunner
{
    public static void SetAction(this Command command, AppConsole console, Func<ParseResult, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                return await action(parseResult, cancellationToken);
            }
            catch (LlmDistillException e)
            {
                console.Error(e.Message);
                return e.ExitCode;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                console.Error("cancelled");
                return ExitCodes.Cancelled;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                console.Error($"internal error: {e.GetType().Name}: {e.Message}");
                if (Environment.GetEnvironmentVariable("LLM_DISTILL_DEBUG") is "1")
                    console.Info(e.ToString());
                return ExitCodes.InternalError;
            }
        });
}
