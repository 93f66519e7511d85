using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using LlmDistill.Core.Errors;
using LlmDistill.Evaluation.Reports;

namespace LlmDistill.Evaluation.Tests.Reports;

public sealed partial class ReportBuilderTests : IDisposable
{
    private readonly RunFixtures _fixtures = new();

    public void Dispose() => _fixtures.Dispose();

    private Task<ReportResult> BuildStandardAsync(string? output = null) =>
        ReportBuilder.BuildAsync(new ReportOptions(_fixtures.StandardRuns(), output ?? _fixtures.Output), CancellationToken.None);

    [Fact]
    public async Task Writes_html_markdown_and_the_charts_the_markdown_links()
    {
        var result = await BuildStandardAsync();

        Assert.True(File.Exists(result.HtmlPath));
        Assert.True(File.Exists(result.MarkdownPath));
        var markdown = await File.ReadAllTextAsync(result.MarkdownPath);
        var linked = ImageLink().Matches(markdown).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("charts/accuracy-vs-size.svg", linked);
        Assert.Contains("charts/accuracy-vs-speed.svg", linked);
        Assert.Contains("charts/objectives.svg", linked);
        Assert.Contains("charts/training-student-sbs.svg", linked);
        Assert.All(linked, link => Assert.True(File.Exists(Path.Combine(_fixtures.Output, link)), link));
        Assert.Equal(linked.Count, result.ChartPaths.Count);
        Assert.Empty(Directory.EnumerateFiles(_fixtures.Output, "*.tmp", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(_fixtures.Output, ".*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Headline_compares_the_best_step_by_step_student_with_the_teacher()
    {
        var result = await BuildStandardAsync();
        var headline = result.Headline;

        // Teacher 3.2M params, 50 tok/s, 180/200; student-sbs 320k, 300 tok/s, 171/200. student-kd scores 172/200
        // but is not step-by-step, so it must not be the one compared.
        Assert.Equal("teacher", headline.Teacher?.Name);
        Assert.Equal("student-sbs", headline.Student?.Name);
        Assert.Equal(10.0, headline.SizeRatio!.Value, 9);
        Assert.Equal(6.0, headline.SpeedRatio!.Value, 9);
        Assert.Equal(0.95, headline.AccuracyKept!.Value, 9);
        Assert.Equal("The best step-by-step student, student-sbs, is 10.0× smaller, 6.0× faster and keeps 95.0% of the "
            + "teacher's accuracy (85.5% vs 90.0%).", headline.Text);

        var html = await File.ReadAllTextAsync(result.HtmlPath);
        var markdown = await File.ReadAllTextAsync(result.MarkdownPath);
        Assert.Contains("10.0×", html);
        Assert.Contains("95.0%", html);
        Assert.Contains("10.0× smaller, 6.0× faster and keeps 95.0% of the teacher", markdown);
        Assert.True(html.IndexOf("10.0×", StringComparison.Ordinal) < html.IndexOf("id=\"runs\"", StringComparison.Ordinal),
            "the headline comes before the runs table");
    }

    [Fact]
    public async Task Without_a_teacher_the_headline_says_so()
    {
        var runs = new[] { _fixtures.Run("only-student", "student", "step-by-step", 320_000, 1_000_000, 150, 200, 300) };
        var result = await ReportBuilder.BuildAsync(new ReportOptions(runs, _fixtures.Output), CancellationToken.None);

        Assert.Null(result.Headline.Teacher);
        Assert.Null(result.Headline.AccuracyKept);
        Assert.StartsWith("No teacher run was given", result.Headline.Text, StringComparison.Ordinal);
        Assert.Contains("only-student", result.Headline.Text, StringComparison.Ordinal);
        Assert.Contains("75.0%", result.Headline.Text, StringComparison.Ordinal);
        Assert.Contains("No teacher run was given", await File.ReadAllTextAsync(result.HtmlPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_is_well_formed_and_self_contained()
    {
        var result = await BuildStandardAsync();
        var html = await File.ReadAllTextAsync(result.HtmlPath);

        // The whole page parses as XML, not just its SVG fragments.
        var document = XDocument.Parse(html.Replace("<!DOCTYPE html>", "", StringComparison.Ordinal));
        XNamespace svg = "http://www.w3.org/2000/svg";
        // Charts carry a title; the small markers in tables are aria-hidden decorations.
        var charts = document.Descendants(svg + "svg").Where(e => e.Attribute("aria-hidden") is null).ToList();
        Assert.Equal(7, charts.Count); // size, speed, objectives and four training runs
        Assert.All(charts, c => Assert.False(string.IsNullOrWhiteSpace(c.Element(svg + "title")?.Value)));

        Assert.DoesNotMatch(new Regex("<script", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"\s(src|href)\s*=\s*[""']?\s*(https?:)?//", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"url\(|@import", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain(document.Descendants().Attributes(),
            a => a.Name.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase)
                || (a.Name.LocalName.Contains("href", StringComparison.Ordinal) && !a.Value.StartsWith('#')));
    }

    [Fact]
    public async Task Markdown_tables_survive_names_with_pipes_and_markup()
    {
        var dir = Path.Combine(_fixtures.Root, "odd");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "metrics.json"),
            "{\"model\": {\"name\": \"a|b <i>x</i> *y*\"}, \"accuracy\": {\"value\": 0.5}}");

        var result = await ReportBuilder.BuildAsync(new ReportOptions([dir], _fixtures.Output), CancellationToken.None);

        var row = (await File.ReadAllLinesAsync(result.MarkdownPath)).Single(l => l.StartsWith("| a", StringComparison.Ordinal));
        Assert.StartsWith(@"| a\|b &lt;i&gt;x&lt;/i&gt; \*y\* | Student (unlabelled) |", row, StringComparison.Ordinal);
        Assert.Equal(RunTableColumnCount + 1, row.Count(c => c == '|') - row.Split(@"\|").Length + 1);
    }

    [Fact]
    public async Task Model_text_is_escaped_and_secrets_in_configs_are_left_out()
    {
        // Few enough predictions that every one is shown, the hostile question 3 included.
        var runs = _fixtures.StandardRuns().Append(_fixtures.Run("hostile", "student", "cot", 320_000, 1_000_000, 2, 8, 300)).ToList();
        var result = await ReportBuilder.BuildAsync(new ReportOptions(runs, _fixtures.Output) { SamplesPerKind = 10 },
            CancellationToken.None);
        var html = await File.ReadAllTextAsync(result.HtmlPath);
        var markdown = await File.ReadAllTextAsync(result.MarkdownPath);

        Assert.Contains("Is &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt; escaped?", html);
        Assert.Contains("&lt;/pre&gt;&lt;img src=&quot;https://evil.example/x.png&quot;&gt;", html);
        Assert.DoesNotContain("\u0001", html, StringComparison.Ordinal);
        Assert.Contains(@"Is &lt;script&gt;alert('x')&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt; escaped?", markdown);
        Assert.DoesNotContain("sk-should-never-appear", html, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-should-never-appear", markdown, StringComparison.Ordinal);
        Assert.Contains("model.d_model", html, StringComparison.Ordinal);
        Assert.Contains("✗ unparsable", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shows_three_right_and_three_wrong_answers_for_each_student()
    {
        var result = await BuildStandardAsync();
        var html = await File.ReadAllTextAsync(result.HtmlPath);
        var document = XDocument.Parse(html.Replace("<!DOCTYPE html>", "", StringComparison.Ordinal));
        var groups = document.Descendants("div").Where(d => (string?)d.Attribute("class") == "run-samples").ToList();

        // Four students; the teacher is the reference, not a sample.
        Assert.Equal(4, groups.Count);
        foreach (var group in groups)
        {
            var cards = group.Descendants("article").Select(a => (string?)a.Attribute("class")).ToList();
            Assert.Equal(3, cards.Count(c => c == "sample right"));
            Assert.Equal(3, cards.Count(c => c == "sample wrong"));
        }
        // Each card shows the question, the answer against the reference, and the rationale.
        Assert.All(document.Descendants("article"), card =>
        {
            Assert.StartsWith("Sam has ", card.Elements("p").Single(p => (string?)p.Attribute("class") == "q").Value, StringComparison.Ordinal);
            Assert.Matches(@"^Answer(\d+|—)Expected\d+$", card.Element("dl")!.Value);
            Assert.StartsWith("2*3=6. ", card.Element("pre")!.Value, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Same_runs_give_the_same_bytes_whatever_their_order()
    {
        var runs = _fixtures.StandardRuns();
        var first = await ReportBuilder.BuildAsync(new ReportOptions(runs, Path.Combine(_fixtures.Root, "a")), CancellationToken.None);
        var second = await ReportBuilder.BuildAsync(new ReportOptions(runs.Reverse().ToList(), Path.Combine(_fixtures.Root, "b")),
            CancellationToken.None);

        Assert.Equal(await File.ReadAllBytesAsync(first.HtmlPath), await File.ReadAllBytesAsync(second.HtmlPath));
        Assert.Equal(await File.ReadAllBytesAsync(first.MarkdownPath), await File.ReadAllBytesAsync(second.MarkdownPath));
        Assert.Equal(first.ChartPaths.Select(Path.GetFileName), second.ChartPaths.Select(Path.GetFileName));
        for (var i = 0; i < first.ChartPaths.Count; i++)
            Assert.Equal(await File.ReadAllBytesAsync(first.ChartPaths[i]), await File.ReadAllBytesAsync(second.ChartPaths[i]));
    }

    [Fact]
    public async Task Rebuilding_into_the_same_folder_replaces_the_report_and_drops_charts_of_runs_no_longer_given()
    {
        await BuildStandardAsync();
        Assert.True(File.Exists(Path.Combine(_fixtures.Output, "charts", "training-student-kd.svg")));
        var fewer = _fixtures.StandardRuns().Where(r => !r.EndsWith("student-kd", StringComparison.Ordinal)).ToList();

        var result = await ReportBuilder.BuildAsync(new ReportOptions(fewer, _fixtures.Output), CancellationToken.None);

        Assert.False(File.Exists(Path.Combine(_fixtures.Output, "charts", "training-student-kd.svg")));
        Assert.DoesNotContain("student-kd", await File.ReadAllTextAsync(result.HtmlPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_metrics_json_is_one_line_naming_the_file()
    {
        var runs = _fixtures.StandardRuns().ToList();
        File.Delete(Path.Combine(runs[1], "metrics.json"));

        var e = await Assert.ThrowsAsync<InvalidInputException>(() =>
            ReportBuilder.BuildAsync(new ReportOptions(runs, _fixtures.Output), CancellationToken.None));

        Assert.Contains(Path.Combine(runs[1], "metrics.json"), e.Message, StringComparison.Ordinal);
        Assert.Contains("not found", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.False(File.Exists(Path.Combine(_fixtures.Output, "report.html")), "no half report is written");
    }

    [Theory]
    [InlineData("{\"model\": {\"name\": \"x\"}, \"accuracy\": ", "not valid eval metrics JSON")]
    [InlineData("{\"model\": {\"name\": \"x\"}}", "no accuracy")]
    [InlineData("{\"accuracy\": {\"value\": 90}}", "accuracy.value is 90")]
    [InlineData("{\"model\": {\"role\": \"oracle\"}, \"accuracy\": {\"value\": 0.5}}", "model.role is 'oracle'")]
    [InlineData("{\"model\": {\"parameters\": \"many\"}, \"accuracy\": {\"value\": 0.5}}", "$.model.parameters")]
    [InlineData("\u0000\u0001binary", "not valid eval metrics JSON")]
    public async Task Corrupt_metrics_json_is_one_line_naming_the_file_and_the_problem(string json, string expected)
    {
        var runs = _fixtures.StandardRuns().ToList();
        var path = Path.Combine(runs[2], "metrics.json");
        await File.WriteAllTextAsync(path, json);

        var e = await Assert.ThrowsAsync<InvalidInputException>(() =>
            ReportBuilder.BuildAsync(new ReportOptions(runs, _fixtures.Output), CancellationToken.None));

        Assert.StartsWith(path + ":", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task Corrupt_predictions_are_one_line_naming_the_file()
    {
        var runs = _fixtures.StandardRuns().ToList();
        var path = Path.Combine(runs[0], "predictions.parquet");
        await File.WriteAllBytesAsync(path, [1, 2, 3, 4, 5, 6, 7, 8, 9]);

        var e = await Assert.ThrowsAsync<InvalidInputException>(() =>
            ReportBuilder.BuildAsync(new ReportOptions(runs, _fixtures.Output), CancellationToken.None));

        Assert.StartsWith(path + ":", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task A_run_folder_that_does_not_exist_is_named()
    {
        var missing = Path.Combine(_fixtures.Root, "nope");
        var e = await Assert.ThrowsAsync<InvalidInputException>(() =>
            ReportBuilder.BuildAsync(new ReportOptions([missing], _fixtures.Output), CancellationToken.None));
        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Minimal_metrics_without_optional_fields_still_make_a_report()
    {
        var dir = Path.Combine(_fixtures.Root, "bare");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "metrics.json"), "{\"accuracy\": {\"correct\": 3, \"total\": 4}}");

        var result = await ReportBuilder.BuildAsync(new ReportOptions([dir], _fixtures.Output), CancellationToken.None);

        var run = Assert.Single(result.Runs);
        Assert.Equal("bare", run.Name);
        Assert.Equal(0.75, run.Accuracy.Value);
        var html = await File.ReadAllTextAsync(result.HtmlPath);
        Assert.Contains("predictions.parquet not found", html, StringComparison.Ordinal);
        XDocument.Parse(html.Replace("<!DOCTYPE html>", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Training_curves_plot_every_loss_field_and_skip_a_truncated_line()
    {
        var result = await BuildStandardAsync();
        var run = result.Runs.Single(r => r.Name == "student-sbs");

        Assert.NotNull(run.Training);
        Assert.Equal(new[] { "loss", "val_loss", "loss_answer", "loss_rationale" }, run.Training.Losses.Select(s => s.Field));
        Assert.Equal(30, run.Training.Losses[0].Points.Count);
        Assert.Equal(3, run.Training.Losses[1].Points.Count);
        Assert.Contains(run.Notes, n => n.Contains("skipped 1 line", StringComparison.Ordinal));
        var svg = XDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_fixtures.Output, "charts", "training-student-sbs.svg")));
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(4, svg.Descendants(ns + "polyline").Count());
        Assert.Contains(svg.Descendants(ns + "text"), t => t.Value == "validation loss");
    }

    [Fact]
    public async Task Loss_falling_over_two_orders_of_magnitude_is_drawn_on_a_log_axis()
    {
        var runs = _fixtures.StandardRuns().ToList();
        var log = Path.Combine(_fixtures.Root, "student-sbs-train", "metrics.jsonl");
        await File.WriteAllLinesAsync(log, Enumerable.Range(1, 50).Select(i =>
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{{\"step\": {i * 10}, \"loss\": {5.0 / (i * i)}}}")));

        await ReportBuilder.BuildAsync(new ReportOptions(runs, _fixtures.Output), CancellationToken.None);

        XNamespace ns = "http://www.w3.org/2000/svg";
        var sbs = XDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_fixtures.Output, "charts", "training-student-sbs.svg")));
        var texts = sbs.Descendants(ns + "text").Select(t => t.Value).ToList();
        Assert.Contains("Loss, log scale", texts);
        Assert.Contains("0.01", texts);
        var teacher = XDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_fixtures.Output, "charts", "training-teacher.svg")));
        Assert.Contains("Loss", teacher.Descendants(ns + "text").Select(t => t.Value));
    }

    // The Markdown runs table's columns (Model, Kind, Params, File, Accuracy, and seven metrics).
    private const int RunTableColumnCount = 12;

    [GeneratedRegex(@"!\[[^\]]*\]\(([^)]+)\)")]
    private static partial Regex ImageLink();
}
