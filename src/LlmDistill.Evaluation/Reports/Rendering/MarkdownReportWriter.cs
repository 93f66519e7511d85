using System.Text;
using System.Text.RegularExpressions;
using LlmDistill.Evaluation.Reports.Content;
using LlmDistill.Evaluation.Reports.Input;

namespace LlmDistill.Evaluation.Reports.Rendering;

/// <summary>
/// Writes report.md: the content of report.html as GitHub-flavoured Markdown, the charts as images from the
/// charts/ folder beside it. Model text is escaped or fenced so it cannot turn into markup.
/// </summary>
internal static partial class MarkdownReportWriter
{
    public const string ChartsFolder = "charts";

    public static string Render(ReportContent c)
    {
        var m = new StringBuilder();
        m.Append("# ").Append(Inline(c.Title)).Append("\n\n**").Append(Inline(c.Headline.Text)).Append("**\n\n");
        var meta = new List<string> { $"{c.Runs.Count} run{(c.Runs.Count == 1 ? "" : "s")}" };
        meta.AddRange(c.TestSets.Select(ts => "test set " + ts));
        if (c.AsOf is { } asOf)
            meta.Add("as of " + Formats.Date(asOf));
        m.Append(Inline(string.Join(" · ", meta))).Append("\n\n");

        m.Append("## Runs\n\n");
        Table(m, RunTable.Columns.Select(col => col.Title).ToList(), RunTable.Columns.Select(col => col.Numeric).ToList(),
            c.Runs.Select(Row));
        m.Append("\nAccuracy is exact match on the parsed answer; the range is its 95% confidence interval.\n\n");

        m.Append("## Accuracy, size and speed\n\n");
        if (c.Overview.Count == 0)
            m.Append("_No run reports a parameter count, file size or speed._\n\n");
        foreach (var figure in c.Overview)
            Figure(m, figure);
        if (c.ObjectiveComparison is { } objectives)
        {
            m.Append("## Training objectives\n\n");
            Figure(m, objectives);
        }
        Training(m, c);
        Samples(m, c);
        if (c.Notes.Count > 0)
        {
            m.Append("## Notes\n\n");
            foreach (var note in c.Notes)
                m.Append("- ").Append(Inline(note)).Append('\n');
            m.Append('\n');
        }
        m.Append("---\nWritten by `llm-distill report`; report.html holds the same content in one self-contained file.\n");
        return m.ToString();
    }

    private static List<string> Row(EvaluatedRun run)
    {
        var accuracy = Formats.Percent(run.Accuracy.Value);
        if (Formats.Interval(run.Accuracy) is { Length: > 0 } ci)
            accuracy += $" ({ci})";
        return [run.Name, Objectives.Style(run).Name, Formats.Count(run.Parameters), Formats.Bytes(run.FileBytes), accuracy,
            .. RunTable.Metrics(run)];
    }

    private static void Training(StringBuilder m, ReportContent c)
    {
        if (c.Training.Count == 0 && c.Config.Rows.Count == 0)
            return;
        m.Append("## Training\n\n");
        foreach (var figure in c.Training)
            Figure(m, figure);
        if (c.Config.Rows.Count == 0)
            return;
        m.Append("### Configuration\n\nSettings that differ between runs first.\n\n");
        Table(m, ["Setting", .. c.Config.Runs.Select(r => r.Name)], [false, .. c.Config.Runs.Select(_ => false)],
            c.Config.Rows.Select(r => (List<string>)[r.Key, .. r.Values.Select(v => v ?? Formats.Missing)]));
        if (c.Config.Omitted > 0)
            m.Append('\n').Append(c.Config.Omitted).Append(" more settings are in the runs' config.json files.\n");
        m.Append('\n');
    }

    private static void Samples(StringBuilder m, ReportContent c)
    {
        if (c.Samples.Count == 0)
            return;
        m.Append("## Sample answers\n\nChosen by a hash of the question, so every student shows the same questions where it can.\n\n");
        foreach (var set in c.Samples)
        {
            m.Append("### ").Append(Inline(set.Run.Name)).Append(" — ").Append(Inline(Objectives.Style(set.Run).Name))
                .Append(", ").Append(Formats.Percent(set.Run.Accuracy.Value)).Append(" right\n\n");
            foreach (var p in set.Right.Concat(set.Wrong))
            {
                var verdict = p.Correct ? "✓ right" : p.ParseFailed ? "✗ unparsable" : "✗ wrong";
                m.Append("**").Append(verdict).Append("** · answer ").Append(Code(Formats.Clip(p.Answer, 80)))
                    .Append(" · expected ").Append(Code(p.Reference)).Append("\n\n");
                foreach (var line in Formats.Clip(SampleText.Question(p), 400).Split('\n'))
                    m.Append("> ").Append(Inline(line)).Append('\n');
                m.Append('\n');
                var rationale = SampleText.Rationale(p);
                if (rationale.Length > 0)
                {
                    var fence = Fence(rationale);
                    m.Append(fence).Append("text\n").Append(Strip(Formats.Clip(rationale, 600))).Append('\n').Append(fence).Append("\n\n");
                }
            }
        }
    }

    private static void Figure(StringBuilder m, ReportFigure figure) =>
        m.Append("### ").Append(Inline(figure.Title)).Append("\n\n![").Append(Inline(figure.Title)).Append("](")
            .Append(ChartsFolder).Append('/').Append(figure.FileName).Append(")\n\n").Append(Inline(figure.Caption)).Append("\n\n");

    private static void Table(StringBuilder m, IReadOnlyList<string> header, IReadOnlyList<bool> numeric, IEnumerable<List<string>> rows)
    {
        m.Append("| ").Append(string.Join(" | ", header.Select(Cell))).Append(" |\n|");
        foreach (var n in numeric)
            m.Append(n ? " ---: |" : " --- |");
        m.Append('\n');
        foreach (var row in rows)
            m.Append("| ").Append(string.Join(" | ", row.Select(Cell))).Append(" |\n");
    }

    private static string Cell(string text) => Inline(text.Replace('\n', ' ').Replace('\r', ' '));

    /// <summary>Escapes what Markdown (and the HTML it may embed) would read as markup.</summary>
    private static string Inline(string text) => MarkdownSpecial().Replace(Strip(text), match => match.Value switch
    {
        "<" => "&lt;",
        ">" => "&gt;",
        "&" => "&amp;",
        var s => "\\" + s,
    });

    private static string Code(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return Formats.Missing;
        var clean = Strip(text).Replace('\n', ' ');
        var ticks = new string('`', LongestRun(clean, '`') + 1);
        return ticks + (clean.StartsWith('`') || clean.EndsWith('`') ? " " + clean + " " : clean) + ticks;
    }

    private static string Fence(string text) => new('`', Math.Max(3, LongestRun(text, '`') + 1));

    private static int LongestRun(string text, char c)
    {
        int best = 0, run = 0;
        foreach (var ch in text)
        {
            run = ch == c ? run + 1 : 0;
            best = Math.Max(best, run);
        }
        return best;
    }

    // The same characters the HTML side drops: control characters and lone surrogates.
    private static string Strip(string text) => Svg.Markup.Clean(text);

    [GeneratedRegex(@"[\\`*_\[\]|<>&]")]
    private static partial Regex MarkdownSpecial();
}
