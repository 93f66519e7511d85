using System.CommandLine;
using LlmDistill.Cli.Output;
using LlmDistill.Cli.Pipeline;
using LlmDistill.Core.Errors;

namespace LlmDistill.Cli.Commands;

/// <summary><c>llm-distill run CONFIG.yaml</c>: the whole pipeline from one YAML file, each stage run by its own verb.</summary>
internal static class RunCommand
{
    public static Command Create(AppConsole console)
    {
        var config = new Argument<FileInfo>("config") { Description = "The pipeline config (YAML; configs/README.md describes it, configs/ holds examples)." };
        var from = new Option<string?>("--from") { Description = "Run this stage and the later ones: their evaluations are redone, training resumes (stages: tasks, teacher, generate, train, export, eval, report)." };
        var only = new Option<string?>("--only") { Description = "Run this stage alone." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check the config and print each stage's llm-distill command line; run nothing." };
        var threads = new Option<int?>("--threads") { Description = "CPU threads for every stage that takes them (wins over the config's threads)." };
        from.AcceptOnlyFromAmong(PipelinePlan.Stages);
        only.AcceptOnlyFromAmong(PipelinePlan.Stages);
        var command = new Command("run", "Run a whole distillation pipeline from one YAML file: tasks, teacher, generate, train, export, eval, report. " +
            "Complete stages are skipped, partial ones resumed, and outputs made with other settings are never mixed in.")
        {
            config, from, only, dryRun, threads,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(from) is not null && result.GetValue(only) is not null)
                result.AddError("--from and --only exclude each other");
        });
        command.SetAction(console, async (parse, ct) =>
        {
            var plan = PipelinePlan.Create(PipelineConfigReader.Load(parse.GetValue(config)!.FullName), Threads(parse.GetValue(threads)));
            return await ExecuteAsync(console, plan, new PipelineSelection(parse.GetValue(from), parse.GetValue(only)), parse.GetValue(dryRun), ct);
        });
        return command;
    }

    /// <summary>Runs (or, with <paramref name="dryRun"/>, prints) a validated plan; shared with <c>quickstart</c>.</summary>
    public static async Task<int> ExecuteAsync(AppConsole console, PipelinePlan plan, PipelineSelection selection, bool dryRun, CancellationToken ct)
    {
        var runner = new PipelineRunner(plan, console);
        if (dryRun)
        {
            runner.PrintCommands(selection);
            return ExitCodes.Success;
        }
        console.Info($"run folder {CommandText.Display(plan.Config.Out)}");
        return await runner.RunAsync(selection, ct);
    }

    public static int? Threads(int? threads) => threads is < 1
        ? throw new InvalidInputException($"invalid option --threads: {threads} must be at least 1")
        : threads;
}
