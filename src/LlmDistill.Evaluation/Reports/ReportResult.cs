using LlmDistill.Evaluation.Reports.Input;

namespace LlmDistill.Evaluation.Reports;

/// <summary>What <see cref="ReportBuilder"/> wrote, and the headline for the CLI to print.</summary>
public sealed record ReportResult(
    string HtmlPath,
    string MarkdownPath,
    IReadOnlyList<string> ChartPaths,
    ReportHeadline Headline,
    IReadOnlyList<EvaluatedRun> Runs);
