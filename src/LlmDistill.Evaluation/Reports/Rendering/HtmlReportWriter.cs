using System.Globalization;
using System.Text;
using LlmDistill.Evaluation.Reports.Content;
using LlmDistill.Evaluation.Reports.Input;
using LlmDistill.Evaluation.Reports.Svg;

namespace LlmDistill.Evaluation.Reports.Rendering;

/// <summary>
/// Writes report.html: one file, inline CSS and SVG, no script and nothing fetched. The markup is also well-formed
/// XML (every element closed, attributes quoted, no named entities), so tests and tools can parse it.
/// </summary>
internal static class HtmlReportWriter
{
    public static string Render(ReportContent content)
    {
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
            .Append("<meta name=\"generator\" content=\"llm-distill report\"/>\n")
            .Append("<title>").Append(E(content.Title)).Append("</title>\n<style>\n").Append(HtmlStyles.Css).Append("</style>\n</head>\n")
            .Append("<body>\n<main>\n");
        Hero(h, content);
        Runs(h, content);
        Charts(h, content);
        Training(h, content);
        Samples(h, content);
        Footer(h, content);
        h.Append("</main>\n</body>\n</html>\n");
        return h.ToString();
    }

    private static void Hero(StringBuilder h, ReportContent c)
    {
        var headline = c.Headline;
        h.Append("<header class=\"hero\">\n<p class=\"eyebrow\">LlmDistill report</p>\n<h1>").Append(E(c.Title)).Append("</h1>\n")
            .Append("<p class=\"headline\">").Append(E(headline.Text)).Append("</p>\n");
        if (headline is { Teacher: { } t, Student: { } s })
        {
            h.Append("<div class=\"kpis\">\n");
            if (headline.SizeRatio is { } size)
            {
                var detail = headline.SizeFromFiles
                    ? $"{Formats.Bytes(t.FileBytes)} → {Formats.Bytes(s.FileBytes)} file"
                    : $"{Formats.Count(t.Parameters)} → {Formats.Count(s.Parameters)} parameters";
                Kpi(h, "size", size >= 1 ? Formats.Ratio(size) : Formats.Ratio(1 / size), size >= 1 ? "smaller" : "larger", detail);
            }
            if (headline.SpeedRatio is { } speed)
            {
                Kpi(h, "speed", speed >= 1 ? Formats.Ratio(speed) : Formats.Ratio(1 / speed), speed >= 1 ? "faster" : "slower",
                    $"{Formats.Rate(t.Speed.TokensPerSecond)} → {Formats.Rate(s.Speed.TokensPerSecond)} tokens/s");
            }
            if (headline.AccuracyKept is { } kept)
            {
                Kpi(h, "accuracy", Formats.Percent(kept), "of the teacher's accuracy",
                    $"{Formats.Percent(t.Accuracy.Value)} → {Formats.Percent(s.Accuracy.Value)}");
            }
            h.Append("</div>\n");
        }
        var meta = new List<string> { $"{c.Runs.Count} run{(c.Runs.Count == 1 ? "" : "s")}" };
        meta.AddRange(c.TestSets.Select(ts => "test set " + ts));
        if (c.AsOf is { } asOf)
            meta.Add("as of " + Formats.Date(asOf));
        h.Append("<p class=\"meta\">").Append(E(string.Join(" · ", meta))).Append("</p>\n<nav>")
            .Append("<a href=\"#runs\">Runs</a><a href=\"#charts\">Accuracy, size and speed</a>");
        if (c.ObjectiveComparison is not null)
            h.Append("<a href=\"#objectives\">Objectives</a>");
        if (c.Training.Count > 0 || c.Config.Rows.Count > 0)
            h.Append("<a href=\"#training\">Training</a>");
        if (c.Samples.Count > 0)
            h.Append("<a href=\"#samples\">Sample answers</a>");
        h.Append("</nav>\n</header>\n");
    }

    private static void Kpi(StringBuilder h, string kind, string value, string what, string detail) =>
        h.Append("<div class=\"kpi ").Append(kind).Append("\"><span class=\"value\">").Append(E(value))
            .Append("</span><span class=\"what\">").Append(E(what)).Append("</span><span class=\"detail\">").Append(E(detail))
            .Append("</span></div>\n");

    private static void Runs(StringBuilder h, ReportContent c)
    {
        h.Append("<section id=\"runs\">\n<h2>Runs</h2>\n<p class=\"lede\">Every model scored on the test split, teacher first. ")
            .Append("Accuracy is exact match on the parsed answer, with its 95% confidence interval.</p>\n")
            .Append("<div class=\"table-wrap\">\n<table>\n<thead><tr>");
        foreach (var (title, numeric) in RunTable.HtmlColumns)
            h.Append(numeric ? "<th class=\"num\" scope=\"col\">" : "<th scope=\"col\">").Append(E(title)).Append("</th>");
        h.Append("</tr></thead>\n<tbody>\n");
        foreach (var run in c.Runs)
        {
            var style = Objectives.Style(run);
            h.Append("<tr><th scope=\"row\"><span class=\"mark\">").Append(MarkerSvg(style)).Append("</span>").Append(E(run.Name))
                .Append("<span class=\"sub\"><span class=\"kind\">").Append(E(style.Name)).Append("</span> · ")
                .Append(E(RunTable.Subtitle(run))).Append("</span></th>");
            var width = (run.Accuracy.Value * 100).ToString("0.#", CultureInfo.InvariantCulture);
            h.Append("<td class=\"num acc\"><strong>").Append(E(Formats.Percent(run.Accuracy.Value))).Append("</strong>")
                .Append("<span class=\"sub\">").Append(E(AccuracyDetail(run.Accuracy))).Append("</span>")
                .Append("<span class=\"meter\"><span style=\"width: ").Append(width).Append("%; background: ").Append(style.Color)
                .Append("\"></span></span></td>");
            Num(h, Formats.Count(run.Parameters), run.FileBytes is null ? "" : Formats.Bytes(run.FileBytes) + " file");
            Num(h, Formats.Percent(run.ParseFailureRate));
            Num(h, run.Speed.TokensPerSecond is null ? Formats.Missing : Formats.Rate(run.Speed.TokensPerSecond) + " tok/s",
                RunTable.Latencies(run));
            Num(h, Formats.Percent(run.TeacherAgreement));
            Num(h, Formats.Score(run.RationaleRougeL));
            Num(h, Formats.Bytes(run.PeakRssBytes));
            h.Append("</tr>\n");
        }
        h.Append("</tbody>\n</table>\n</div>\n</section>\n");
    }

    private static string AccuracyDetail(RunAccuracy a)
    {
        var parts = new List<string>();
        if (Formats.Interval(a) is { Length: > 0 } ci)
            parts.Add(ci);
        if (a is { Correct: { } right, Total: { } total })
            parts.Add($"{right}/{total}");
        return string.Join(" · ", parts);
    }

    private static void Charts(StringBuilder h, ReportContent c)
    {
        h.Append("<section id=\"charts\">\n<h2>Accuracy, size and speed</h2>\n");
        if (c.Overview.Count == 0)
            h.Append("<p class=\"empty\">No run reports a parameter count, file size or speed.</p>\n");
        else
            Grid(h, c.Overview, wide: false);
        h.Append("</section>\n");
        if (c.ObjectiveComparison is { } objectives)
        {
            h.Append("<section id=\"objectives\">\n<h2>Training objectives</h2>\n<p class=\"lede\">")
                .Append("Does the rationale help? Students trained on the same data, compared at equal size.</p>\n");
            Grid(h, [objectives], wide: true);
            h.Append("</section>\n");
        }
    }

    private static void Training(StringBuilder h, ReportContent c)
    {
        if (c.Training.Count == 0 && c.Config.Rows.Count == 0)
            return;
        h.Append("<section id=\"training\">\n<h2>Training</h2>\n");
        if (c.Training.Count > 0)
        {
            h.Append("<p class=\"lede\">Loss per step from each trainer's metrics.jsonl; validation loss dashed.</p>\n");
            Grid(h, c.Training, wide: false);
        }
        if (c.Config.Rows.Count > 0)
        {
            h.Append("<h3 style=\"margin-top: 20px\">Configuration</h3>\n<p class=\"lede\">From each trainer's config.json; ")
                .Append("settings that differ between runs first.</p>\n<div class=\"table-wrap\">\n<table>\n<thead><tr><th scope=\"col\">Setting</th>");
            foreach (var run in c.Config.Runs)
                h.Append("<th scope=\"col\">").Append(E(run.Name)).Append("</th>");
            h.Append("</tr></thead>\n<tbody>\n");
            foreach (var row in c.Config.Rows)
            {
                h.Append(row.Varies ? "<tr>" : "<tr class=\"same\">").Append("<th scope=\"row\">").Append(E(row.Key)).Append("</th>");
                foreach (var value in row.Values)
                    h.Append("<td>").Append(E(value ?? Formats.Missing)).Append("</td>");
                h.Append("</tr>\n");
            }
            h.Append("</tbody>\n</table>\n</div>\n");
            if (c.Config.Omitted > 0)
                h.Append("<p class=\"notes\">").Append(c.Config.Omitted).Append(" more settings are in the runs' config.json files.</p>\n");
        }
        h.Append("</section>\n");
    }

    private static void Samples(StringBuilder h, ReportContent c)
    {
        if (c.Samples.Count == 0)
            return;
        h.Append("<section id=\"samples\">\n<h2>Sample answers</h2>\n<p class=\"lede\">The same questions for every student ")
            .Append("where their outcomes allow, chosen by a hash of the question, not by hand.</p>\n");
        foreach (var set in c.Samples)
        {
            var style = Objectives.Style(set.Run);
            h.Append("<div class=\"run-samples\">\n<h3><span class=\"mark\">").Append(MarkerSvg(style)).Append("</span>")
                .Append(E(set.Run.Name)).Append("<span class=\"sub\">").Append(E(style.Name)).Append(" · ")
                .Append(E(Formats.Percent(set.Run.Accuracy.Value))).Append(" right</span></h3>\n<div class=\"samples\">\n");
            var right = set.Run.Predictions.Count(p => p.Correct);
            Column(h, "Right", set.Right, right, "No right answers to show.");
            Column(h, "Wrong", set.Wrong, set.Run.Predictions.Count - right, "No wrong answers to show.");
            h.Append("</div>\n</div>\n");
        }
        h.Append("</section>\n");
    }

    private static void Column(StringBuilder h, string title, IReadOnlyList<ScoredAnswer> shown, int of, string empty)
    {
        h.Append("<div class=\"sample-col\">\n<p class=\"col-title\">").Append(title).Append(" <span class=\"sub\">")
            .Append(shown.Count).Append(" of ").Append(of).Append("</span></p>\n");
        foreach (var p in shown)
            Sample(h, p);
        if (shown.Count == 0)
            h.Append("<p class=\"empty\">").Append(E(empty)).Append("</p>\n");
        h.Append("</div>\n");
    }

    private static void Sample(StringBuilder h, ScoredAnswer p)
    {
        h.Append(p.Correct ? "<article class=\"sample right\">" : "<article class=\"sample wrong\">")
            .Append("<span class=\"badge\">").Append(p.Correct ? "✓ right" : p.ParseFailed ? "✗ unparsable" : "✗ wrong").Append("</span>\n")
            .Append("<p class=\"q\">").Append(E(Formats.Clip(SampleText.Question(p), 400))).Append("</p>\n<dl>")
            .Append("<dt>Answer</dt><dd class=\"answer\">").Append(E(Formats.Clip(p.Answer, 80) is { Length: > 0 } a ? a : Formats.Missing)).Append("</dd>")
            .Append("<dt>Expected</dt><dd>").Append(E(p.Reference ?? Formats.Missing)).Append("</dd></dl>\n");
        var rationale = SampleText.Rationale(p);
        if (rationale.Length > 0)
            h.Append("<pre class=\"rationale\">").Append(E(Formats.Clip(rationale, 600))).Append("</pre>\n");
        h.Append("</article>\n");
    }

    private static void Footer(StringBuilder h, ReportContent c)
    {
        h.Append("<footer>\n");
        if (c.Notes.Count > 0)
        {
            h.Append("<p><strong>Notes</strong></p>\n<ul class=\"notes\">\n");
            foreach (var note in c.Notes)
                h.Append("<li>").Append(E(note)).Append("</li>\n");
            h.Append("</ul>\n");
        }
        h.Append("<p>Written by <code>llm-distill report</code> from ").Append(c.Runs.Count)
            .Append(" eval run folder(s). Every number comes from their metrics.json; report.md holds the same content.</p>\n</footer>\n");
    }

    private static void Grid(StringBuilder h, IEnumerable<ReportFigure> figures, bool wide)
    {
        h.Append("<div class=\"grid\">\n");
        foreach (var f in figures)
        {
            h.Append(wide ? "<figure class=\"wide\" id=\"" : "<figure id=\"").Append(E("fig-" + f.Id)).Append("\">\n<h3>")
                .Append(E(f.Title)).Append("</h3>\n").Append(f.Svg).Append("<figcaption>").Append(E(f.Caption)).Append("</figcaption>\n</figure>\n");
        }
        h.Append("</div>\n");
    }

    private static void Num(StringBuilder h, string text, string sub = "")
    {
        h.Append("<td class=\"num\">").Append(E(text));
        if (sub.Length > 0)
            h.Append("<span class=\"sub\">").Append(E(sub)).Append("</span>");
        h.Append("</td>");
    }

    private static string MarkerSvg(SeriesStyle style)
    {
        var w = new SvgWriter();
        w.Open("svg", ("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 14 14"), ("width", 14), ("height", 14), ("aria-hidden", "true"));
        ChartFrame.Marker(w, style.Marker, 7, 7.5, style.Color, 5);
        w.Close("svg");
        return w.ToString().Replace("\n", "", StringComparison.Ordinal).Replace("  ", "", StringComparison.Ordinal);
    }

    private static string E(string? text) => Markup.Escape(text);
}
