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
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A full disk or a folder we may not write: the user's to fix, and nothing half-written was kept.
                console.Error($"cannot read or write a file: {e.Message.Split('\n', 2)[0]}");
                return ExitCodes.InvalidInput;
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

    /// <summary>Runs an options record's validation, turning its complaint into one line naming the flag.</summary>
    public static void ValidateOptions(Action validate)
    {
        try
        {
            validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidInputException($"invalid option {OptionName(e.ParamName)}: {e.Message.Split(" (Parameter", 2)[0]}");
        }
    }

    // TopLogprobs → --top-logprobs: options records name their properties after the flags.
    private static string OptionName(string? property) => property is null ? "value"
        : "--" + string.Concat(property.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
