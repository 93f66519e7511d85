using LlmDistill.Cli.Output;
using LlmDistill.Evaluation.Reports;
using LlmDistill.Evaluation.Reports.Input;
using Spectre.Console;

namespace LlmDistill.Cli.Pipeline;

/// <summary>
/// What <c>quickstart</c> prints at the end: the report, its headline, one row per evaluated model, and the claims
/// the product makes for this pipeline, each marked met or not met. Read from the eval folders with the report's
/// own loader and headline, so the numbers are the report's.
/// </summary>
internal static class QuickstartSummary
{
    public static async Task PrintAsync(AppConsole console, PipelinePlan plan, CancellationToken cancellationToken)
    {
        var runs = new List<EvaluatedRun>();
        foreach (var unit in plan.Units.Where(u => u.Stage == PipelinePlan.Eval))
            runs.Add(await RunLoader.LoadAsync(unit.Output, cancellationToken));
        runs = EvaluatedRun.WithUniqueNames(runs);
        var headline = ReportHeadline.From(runs);

        console.Result($"report: {CommandText.Display(Path.Combine(plan.ReportDirectory, ReportBuilder.HtmlFileName))}");
        console.Result(headline.Text);
        var table = new Table().AddColumns("name", "role", "parameters", "accuracy", "tokens/s");
        foreach (var run in runs)
        {
            table.AddRow(Path.GetFileName(run.Directory), run.Role == RunRole.Student ? $"student ({run.Objective})" : run.Role.ToString().ToLowerInvariant(),
                run.Parameters is { } p ? Format.Count(p) : "?", Percent(run.Accuracy.Value),
                run.Speed.TokensPerSecond is { } t ? $"{t:N0}" : "?");
        }
        console.Result(table);
        foreach (var (met, claim) in Checks(headline, runs))
            console.Result($"{(met ? "met    " : "not met")}  {claim}");
    }

    private static IEnumerable<(bool Met, string Claim)> Checks(ReportHeadline headline, List<EvaluatedRun> runs)
    {
        var teacher = headline.Teacher;
        var student = headline.Student?.Objective == "step-by-step" ? headline.Student : null;
        var answerOnly = runs.Where(r => r.Role == RunRole.Student && r.Objective == "answer-only").MaxBy(r => r.Accuracy.Value);
        yield return (teacher?.Accuracy.Value >= 0.9, $"teacher accuracy ≥ 90 % ({Percent(teacher?.Accuracy.Value)})");
        yield return (student is not null && headline.SizeRatio >= 10,
            $"step-by-step student has ≥ 10× fewer parameters than the teacher ({Ratio(student is null ? null : headline.SizeRatio)})");
        yield return (student is not null && headline.AccuracyKept >= 0.9,
            $"step-by-step student keeps ≥ 90 % of the teacher's accuracy ({Percent(student is null ? null : headline.AccuracyKept)})");
        yield return (student is not null && answerOnly is not null && student.Accuracy.Value > answerOnly.Accuracy.Value,
            $"step-by-step student beats the answer-only student ({Percent(student?.Accuracy.Value)} vs {Percent(answerOnly?.Accuracy.Value)})");
        yield return (student is not null && headline.SpeedRatio >= 5,
            $"step-by-step student generates ≥ 5× the teacher's tokens/s ({Ratio(student is null ? null : headline.SpeedRatio)})");
    }

    private static string Percent(double? fraction) => fraction is { } f ? $"{f * 100:0.0} %" : "n/a";

    private static string Ratio(double? ratio) => ratio is { } r ? $"{r:0.0}×" : "n/a";
}
