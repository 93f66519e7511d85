using LlmDistill.Evaluation.Reports.Input;

namespace LlmDistill.Evaluation.Reports.Content;

/// <summary>Everything both report files show, computed once so report.md and report.html cannot disagree.</summary>
internal sealed record ReportContent
{
    public required string Title { get; init; }

    public required IReadOnlyList<EvaluatedRun> Runs { get; init; }

    public required ReportHeadline Headline { get; init; }

    public required IReadOnlyList<ReportFigure> Overview { get; init; }

    public ReportFigure? ObjectiveComparison { get; init; }

    public required IReadOnlyList<ReportFigure> Training { get; init; }

    public required ConfigTable Config { get; init; }

    public required IReadOnlyList<SampleSet> Samples { get; init; }

    /// <summary>"run: note" lines for what was missing but did not stop the report.</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>The newest run's created_at: the report's date, which keeps the output a function of its input.</summary>
    public DateTimeOffset? AsOf { get; init; }

    /// <summary>The test set(s) the runs were scored on, e.g. "data/test.jsonl (200 questions)".</summary>
    public required IReadOnlyList<string> TestSets { get; init; }

    public static ReportContent Create(string title, IReadOnlyList<EvaluatedRun> loaded, int samplesPerKind)
    {
        var runs = Order(EvaluatedRun.WithUniqueNames(loaded));
        var notes = runs.SelectMany(r => r.Notes.Select(n => $"{r.Name}: {n}")).ToList();
        var testSets = runs
            .Where(r => r.TasksPath is not null)
            .Select(r => r.TaskCount is { } n ? $"{r.TasksPath} ({n} questions)" : r.TasksPath!)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (testSets.Count > 1)
            notes.Add("the runs were scored on different test sets; compare their accuracies with care");
        return new ReportContent
        {
            Title = title,
            Runs = runs,
            Headline = ReportHeadline.From(runs),
            Overview = ReportCharts.Overview(runs),
            ObjectiveComparison = ReportCharts.Objectives(runs),
            Training = ReportCharts.Training(runs),
            Config = ConfigTable.Create(runs),
            Samples = runs.Where(r => r.Role != RunRole.Teacher && r.Predictions.Count > 0)
                .Select(r => SampleSelector.Select(r, samplesPerKind)).ToList(),
            Notes = notes,
            AsOf = runs.Select(r => r.CreatedAt).Max(),
            TestSets = testSets,
        };
    }

    // Teacher first, then students by kind and accuracy, baselines last: the order the headline reads in.
    private static List<EvaluatedRun> Order(IEnumerable<EvaluatedRun> runs) => runs
        .OrderBy(Objectives.Rank)
        .ThenByDescending(r => r.Accuracy.Value)
        .ThenBy(r => r.Name, StringComparer.Ordinal)
        .ThenBy(r => r.Directory, StringComparer.Ordinal)
        .ToList();
}
