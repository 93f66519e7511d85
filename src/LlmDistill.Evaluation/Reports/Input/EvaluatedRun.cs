namespace LlmDistill.Evaluation.Reports.Input;

/// <summary>One eval output folder as the report sees it: metrics.json, predictions.parquet and any training log.</summary>
public sealed record EvaluatedRun
{
    public required string Directory { get; init; }

    /// <summary>The model's name, made unique among the report's runs by <see cref="ReportBuilder"/>.</summary>
    public required string Name { get; init; }

    public required RunRole Role { get; init; }

    /// <summary>labels.objective in lower case (step-by-step, answer-only, token-kd, …); "teacher" for a teacher; null when unlabelled.</summary>
    public string? Objective { get; init; }

    public string? Architecture { get; init; }

    public string? TensorType { get; init; }

    public long? Parameters { get; init; }

    public long? FileBytes { get; init; }

    public required RunAccuracy Accuracy { get; init; }

    public double? ParseFailureRate { get; init; }

    public double? TeacherAgreement { get; init; }

    public double? RationaleRougeL { get; init; }

    public RunSpeed Speed { get; init; } = RunSpeed.None;

    public long? PeakRssBytes { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public string? TasksPath { get; init; }

    public int? TaskCount { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<ScoredAnswer> Predictions { get; init; } = [];

    public TrainingLog? Training { get; init; }

    /// <summary>What could not be read but did not stop the report (no predictions, a missing training folder).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>
    /// The runs, with the folder added to each name two of them share (say, two quantisations of one model), so that
    /// every legend, table and headline tells them apart.
    /// </summary>
    public static List<EvaluatedRun> WithUniqueNames(IReadOnlyList<EvaluatedRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var duplicated = runs.GroupBy(r => r.Name, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        return [.. runs.Select(r => duplicated.Contains(r.Name) ? r with { Name = $"{r.Name} ({Path.GetFileName(r.Directory)})" } : r)];
    }
}
