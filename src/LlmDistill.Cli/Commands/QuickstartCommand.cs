using System.CommandLine;
using LlmDistill.Cli.Output;
using LlmDistill.Cli.Pipeline;
using LlmDistill.Core.Errors;

namespace LlmDistill.Cli.Commands;

/// <summary>
/// <c>llm-distill quickstart</c>: <c>run</c> over a built-in config (configs/quickstart.yaml, or quickstart-tiny.yaml):
/// train a teacher on the built-in task, distil three students from it, evaluate, report. No key, no download.
/// </summary>
internal static class QuickstartCommand
{
    public static Command Create(AppConsole console)
    {
        var profile = new Option<string>("--profile") { Description = "default (configs/quickstart.yaml) or tiny (configs/quickstart-tiny.yaml: smaller models and fewer steps, what CI runs).", DefaultValueFactory = _ => "default" };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Run folder (default: the config's out, runs/quickstart or runs/quickstart-tiny in the current folder)." };
        var threads = new Option<int?>("--threads") { Description = "CPU threads for every stage (default: the config's, else all cores)." };
        profile.AcceptOnlyFromAmong("default", "tiny");
        var command = new Command("quickstart", "Train a teacher on the built-in arithmetic task, distil step-by-step, answer-only and token-KD students from it, " +
            "evaluate them all and write the report; no key and no download. Rerun to continue where it stopped.")
        {
            profile, output, threads,
        };
        command.SetAction(console, async (parse, ct) =>
        {
            var name = parse.GetValue(profile) == "tiny" ? "quickstart-tiny.yaml" : "quickstart.yaml";
            var config = PipelineConfigReader.Parse(EmbeddedConfigs.Read(name), $"{name} (built in)", Environment.CurrentDirectory, parse.GetValue(output)?.FullName);
            var plan = PipelinePlan.Create(config, RunCommand.Threads(parse.GetValue(threads)));
            var code = await RunCommand.ExecuteAsync(console, plan, PipelineSelection.All, dryRun: false, ct);
            if (code != ExitCodes.Success)
                return code;
            await QuickstartSummary.PrintAsync(console, plan, ct);
            return ExitCodes.Success;
        });
        return command;
    }
}
