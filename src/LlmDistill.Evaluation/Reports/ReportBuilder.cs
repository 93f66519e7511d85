using System.Text;
using LlmDistill.Core.Errors;
using LlmDistill.Evaluation.Reports.Content;
using LlmDistill.Evaluation.Reports.Input;
using LlmDistill.Evaluation.Reports.Rendering;
using LlmDistill.Storage.IO;

namespace LlmDistill.Evaluation.Reports;

/// <summary>
/// <c>llm-distill report</c>: reads eval run folders and writes report.html (self-contained: inline CSS and SVG, no
/// script, nothing fetched), report.md and the charts it links (charts/*.svg). Each file is written to a temporary
/// name and renamed into place, so a reader never sees half a report; the same runs always give the same bytes.
/// </summary>
public static class ReportBuilder
{
    public const string HtmlFileName = "report.html";
    public const string MarkdownFileName = "report.md";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static async Task<ReportResult> BuildAsync(ReportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var runs = new List<EvaluatedRun>();
        foreach (var directory in options.RunDirectories.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
            runs.Add(await RunLoader.LoadAsync(directory, cancellationToken));
        var content = ReportContent.Create(options.Title, runs, options.SamplesPerKind);

        var output = Path.GetFullPath(options.OutputDirectory);
        var charts = Path.Combine(output, MarkdownReportWriter.ChartsFolder);
        var figures = content.Overview.Concat(content.ObjectiveComparison is { } o ? [o] : []).Concat(content.Training).ToList();
        var chartPaths = figures.Select(f => Path.Combine(charts, f.FileName)).ToList();
        try
        {
            Directory.CreateDirectory(charts);
            for (var i = 0; i < figures.Count; i++)
                await WriteAtomicallyAsync(chartPaths[i], figures[i].Svg, cancellationToken);
            RemoveStaleCharts(charts, chartPaths);
            var markdown = Path.Combine(output, MarkdownFileName);
            var html = Path.Combine(output, HtmlFileName);
            await WriteAtomicallyAsync(markdown, MarkdownReportWriter.Render(content), cancellationToken);
            await WriteAtomicallyAsync(html, HtmlReportWriter.Render(content), cancellationToken);
            return new ReportResult(html, markdown, chartPaths, content.Headline, content.Runs);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{output}: cannot write the report there ({RunLoader.FirstLine(e.Message)})", e);
        }
    }

    private static Task WriteAtomicallyAsync(string path, string text, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(path, (stream, ct) => stream.WriteAsync(Utf8.GetBytes(text), ct).AsTask(), overwrite: true, cancellationToken);

    // Charts a previous report wrote and this one does not (a run dropped from --runs); other files are not ours.
    private static void RemoveStaleCharts(string folder, IReadOnlyList<string> written)
    {
        var keep = written.ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*.svg"))
        {
            var name = Path.GetFileName(file);
            var ours = name.StartsWith("training-", StringComparison.Ordinal) || name.StartsWith("accuracy-vs-", StringComparison.Ordinal)
                || name == "objectives.svg";
            if (ours && !keep.Contains(file))
                File.Delete(file);
        }
    }
}
