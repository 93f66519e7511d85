using LlmDistill.Cli.Output;
using LlmDistill.Core.Errors;

namespace LlmDistill.Cli.Pipeline;

/// <summary>
/// Carries out a <see cref="PipelinePlan"/>: each step runs its verb (see <see cref="StageProcess"/>) with the same console, so every
/// option, check, message and exit code is the verb's own. A unit whose outputs are complete is skipped, a partial
/// one resumed, and outputs made with other settings stop the run before anything runs (see run.json).
/// </summary>
internal sealed class PipelineRunner(PipelinePlan plan, AppConsole console)
{
    private readonly Verbs _verbs = new();

    /// <summary>Prints each step's command line (<c>--dry-run</c>), after the same checks as a real run.</summary>
    public void PrintCommands(PipelineSelection selection)
    {
        CheckDrift(RunFile.Open(plan), selection);
        foreach (var stage in PipelinePlan.Stages.Where(selection.Includes))
        {
            var given = stage == PipelinePlan.Teacher ? plan.GivenTeacher : null;
            if (given is null && plan.Units.All(u => u.Stage != stage))
                continue;
            console.Result($"# stage {stage}" + (given is null ? "" : $": {given}, given: nothing to run"));
            foreach (var step in plan.Units.Where(u => u.Stage == stage).SelectMany(u => u.Steps))
                console.Result(CommandText.Format(step.CommandLine()));
        }
    }

    public async Task<int> RunAsync(PipelineSelection selection, CancellationToken cancellationToken)
    {
        var file = RunFile.Open(plan);
        CheckDrift(file, selection);
        foreach (var stage in PipelinePlan.Stages.Where(selection.Includes))
        {
            if (stage == PipelinePlan.Teacher && plan.GivenTeacher is { } given)
                console.Info($"stage teacher: {given}, given: nothing to run");
            foreach (var unit in plan.Units.Where(u => u.Stage == stage))
            {
                var code = await RunUnitAsync(unit, file, selection.Redoes(unit), cancellationToken);
                if (code == ExitCodes.Cancelled)
                    return code;
                if (code != ExitCodes.Success)
                {
                    console.Info($"{unit.Title} failed (exit code {code}); once the cause is fixed, the same command continues from there");
                    return code;
                }
            }
        }
        return ExitCodes.Success;
    }

    // Before anything runs: outputs that exist must have been made with what the config says now.
    private void CheckDrift(RunFile file, PipelineSelection selection)
    {
        foreach (var unit in plan.Units.Where(u => !u.AlwaysRuns && !selection.Redoes(u) && Exists(u)))
        {
            if (file.Drift(unit) is not { } why)
                continue;
            // What was made from these outputs goes too, or the next run would stop there.
            var made = MadeFrom(unit).Where(Exists).Select(u => u.Remove)
                .Where(p => !p.StartsWith(unit.Remove + Path.DirectorySeparatorChar, StringComparison.Ordinal)).Distinct().ToList();
            var also = made.Count > 0 ? $" and what was made from it ({string.Join(", ", made.Select(CommandText.Display))})" : "";
            var redo = unit.Redoable ? $" (or run with --from {unit.Stage})" : "";
            throw new InvalidInputException($"{plan.Config.Source}:{unit.Line}: {unit.Key} {why}; delete {CommandText.Display(unit.Remove)}{also} to redo it{redo}");
        }
    }

    private async Task<bool> IsCompleteAsync(PipelineUnit unit, CancellationToken cancellationToken)
    {
        foreach (var step in unit.Steps)
        {
            if (!await StepStatus.IsCompleteAsync(step, _verbs, cancellationToken))
                return false;
        }
        return true;
    }

    private static bool Exists(PipelineUnit unit) => File.Exists(unit.Output) || Directory.Exists(unit.Output);

    // The units made, directly or not, from unit's outputs (units come in stage order, so one pass finds them all).
    private List<PipelineUnit> MadeFrom(PipelineUnit unit)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal) { unit.Key };
        var made = new List<PipelineUnit>();
        foreach (var other in plan.Units.Where(u => u.DependsOn.Any(keys.Contains)))
        {
            keys.Add(other.Key);
            made.Add(other);
        }
        return made;
    }

    private async Task<int> RunUnitAsync(PipelineUnit unit, RunFile file, bool redo, CancellationToken cancellationToken)
    {
        var pending = new List<PipelineStep>();
        foreach (var step in unit.Steps)
        {
            if (redo || unit.AlwaysRuns || !await StepStatus.IsCompleteAsync(step, _verbs, cancellationToken))
                pending.Add(step);
        }
        if (pending.Count == 0)
        {
            foreach (var newer in unit.Steps.Select(StepStatus.NewerInput).OfType<string>())
            {
                throw new InvalidInputException($"{plan.Config.Source}:{unit.Line}: {unit.Key} was made before {CommandText.Display(newer)} changed; " +
                    $"run with --from {unit.Stage} to redo it, or delete {CommandText.Display(unit.Remove)}");
            }
            if (!file.IsRecorded(unit))
                file.Save(unit); // complete outputs from before run.json knew them: taken as made with these settings
            console.Info($"{unit.Title}: complete, skipped");
            return ExitCodes.Success;
        }
        await CheckInputsAsync(unit, pending, cancellationToken);
        if (!unit.AlwaysRuns)
            file.Save(unit); // before it runs, so that partial outputs are covered too
        foreach (var step in pending)
        {
            var args = step.CommandLine(
                resume: step.Kind == StepKind.Train && StepStatus.HasCheckpoints(step.Output),
                overwrite: step.Kind == StepKind.Eval && StepStatus.HasEvalResults(step.Output));
            console.Info($"{unit.Title}: {CommandText.Format(args)}");
            var code = await StageProcess.RunAsync(args, console, cancellationToken);
            if (code != ExitCodes.Success)
                return code;
        }
        return ExitCodes.Success;
    }

    // What earlier stages make must be there (a step may read what an earlier step of its unit makes), and be
    // complete: --from and --only skip earlier stages, which must not leave half their work to this one.
    private async Task CheckInputsAsync(PipelineUnit unit, List<PipelineStep> pending, CancellationToken cancellationToken)
    {
        foreach (var input in pending.SelectMany(s => s.Inputs).Where(i => pending.All(s => s.Output != i.Path)))
        {
            if (!File.Exists(input.Path) && !Directory.Exists(input.Path))
            {
                throw new InvalidInputException($"{unit.Title} needs {CommandText.Display(input.Path)}, which stage {input.Stage} makes: " +
                    $"run that stage first (--only {input.Stage}, or --from {input.Stage})");
            }
        }
        foreach (var input in plan.Units.Where(u => unit.DependsOn.Contains(u.Key)))
        {
            if (!await IsCompleteAsync(input, cancellationToken))
            {
                throw new InvalidInputException($"{unit.Title} is made from {input.Key}, which is not complete: " +
                    $"run stage {input.Stage} first (--only {input.Stage}, or --from {input.Stage})");
            }
        }
    }
}
