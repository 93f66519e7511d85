namespace LlmDistill.Evaluation.Reports;

/// <summary>What <see cref="ReportBuilder"/> reads and where it writes; validated on construction.</summary>
public sealed record ReportOptions
{
    public ReportOptions(IReadOnlyList<string> runDirectories, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(runDirectories);
        if (runDirectories.Count == 0)
            throw new ArgumentException("a report needs at least one run folder", nameof(runDirectories));
        if (runDirectories.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException("a run folder path is empty", nameof(runDirectories));
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        RunDirectories = runDirectories;
        OutputDirectory = outputDirectory;
    }

    /// <summary>Eval output folders (each with metrics.json), in any order: the report orders them itself.</summary>
    public IReadOnlyList<string> RunDirectories { get; }

    /// <summary>Where report.md, report.html and charts/ go; created when missing.</summary>
    public string OutputDirectory { get; }

    /// <summary>The report's title (its h1).</summary>
    public string Title { get; init; } = "Distillation report";

    /// <summary>How many right and how many wrong answers to show per student.</summary>
    public int SamplesPerKind
    {
        get;
        init => field = value is >= 0 and <= 50 ? value
            : throw new ArgumentOutOfRangeException(nameof(SamplesPerKind), value, "samples per kind must be between 0 and 50");
    } = 3;
}
