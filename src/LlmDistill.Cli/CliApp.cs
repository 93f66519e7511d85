using System.CommandLine;
using LlmDistill.Cli.Commands;
using LlmDistill.Cli.Output;
using LlmDistill.Core.Errors;

namespace LlmDistill.Cli;

/// <summary>Builds the <c>llm-distill</c> command tree.</summary>
public static class CliApp
{
    public static RootCommand CreateRootCommand(AppConsole console)
    {
        var root = new RootCommand(
            "llm-distill: distil a large teacher LLM into a small, fast student. " +
            "Generate answer-plus-rationale datasets, train a student, export it to GGUF, evaluate it.");
        root.Subcommands.Add(TasksCommand.Create(console));
        root.Subcommands.Add(GenerateCommand.Create(console));
        root.Subcommands.Add(InstructCommand.Create(console));
        root.Subcommands.Add(TrainCommand.Create(console));
        root.Subcommands.Add(ExportCommand.Create(console));
        root.Subcommands.Add(EvalCommand.Create(console));
        root.Subcommands.Add(ReportCommand.Create(console));
        root.Subcommands.Add(ServeCommand.Create(console));
        root.Subcommands.Add(InspectCommand.Create(console));
        root.Subcommands.Add(TokenizeCommand.Create(console));
        root.Subcommands.Add(RunCommand.Create(console));
        root.Subcommands.Add(QuickstartCommand.Create(console));
        return root;
    }

    public static async Task<int> InvokeAsync(string[] args, AppConsole console, CancellationToken cancellationToken = default)
    {
        var parseResult = CreateRootCommand(console).Parse(args);
        if (parseResult.Errors.Count > 0 && parseResult.Action is not System.CommandLine.Help.HelpAction)
        {
            foreach (var error in parseResult.Errors)
                console.Error(error.Message);
            console.Info("Run 'llm-distill --help' for usage.");
            return ExitCodes.Usage;
        }
        var config = new InvocationConfiguration { Output = console.OutputWriter, Error = console.ErrorWriter };
        return await parseResult.InvokeAsync(config, cancellationToken);
    }
}
