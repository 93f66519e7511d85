namespace LlmDistill.Evaluation.Reports.Content;

/// <summary>A rendered chart: inline in report.html, charts/<see cref="Id"/>.svg beside report.md.</summary>
internal sealed record ReportFigure(string Id, string Title, string Caption, string Svg)
{
    public string FileName => Id + ".svg";
}
