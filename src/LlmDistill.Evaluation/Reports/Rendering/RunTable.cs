using LlmDistill.Evaluation.Reports.Content;
using LlmDistill.Evaluation.Reports.Input;

namespace LlmDistill.Evaluation.Reports.Rendering;

/// <summary>The runs table's columns and cells, shared by the HTML and Markdown writers.</summary>
internal static class RunTable
{
    /// <summary>
    /// The HTML table's columns: fewer than Markdown's, so that it fits a laptop screen, with accuracy next to the
    /// name, where a phone shows it without scrolling. Kind, file size and latencies go on second lines.
    /// </summary>
    public static IReadOnlyList<(string Title, bool Numeric)> HtmlColumns { get; } =
    [
        ("Model", false), ("Accuracy", true), ("Size", true), ("Parse failures", true), ("Speed", true),
        ("Agrees with teacher", true), ("Rationale ROUGE-L", true), ("Peak memory", true),
    ];

    /// <summary>The Markdown table's columns and whether each holds numbers (right-aligned).</summary>
    public static IReadOnlyList<(string Title, bool Numeric)> Columns { get; } =
    [
        ("Model", false), ("Kind", false), ("Params", true), ("File", true), ("Accuracy", true), ("Parse failures", true),
        ("Tokens/s", true), ("TTFT p50", true), ("Per token p50", true), ("Teacher agreement", true), ("ROUGE-L", true),
        ("Peak RSS", true),
    ];

    /// <summary>The cells after Accuracy, in column order.</summary>
    public static IEnumerable<string> Metrics(EvaluatedRun run)
    {
        yield return Formats.Percent(run.ParseFailureRate);
        yield return Formats.Rate(run.Speed.TokensPerSecond);
        yield return Formats.Milliseconds(run.Speed.TtftMsP50);
        yield return Formats.Milliseconds(run.Speed.PerTokenMsP50);
        yield return Formats.Percent(run.TeacherAgreement);
        yield return Formats.Score(run.RationaleRougeL);
        yield return Formats.Bytes(run.PeakRssBytes);
    }

    /// <summary>Under tokens/s in the HTML table: time to first token and per-token latency, medians.</summary>
    public static string Latencies(EvaluatedRun run)
    {
        var parts = new List<string>();
        if (run.Speed.TtftMsP50 is not null)
            parts.Add("TTFT " + Formats.Milliseconds(run.Speed.TtftMsP50));
        if (run.Speed.PerTokenMsP50 is not null)
            parts.Add(Formats.Milliseconds(run.Speed.PerTokenMsP50) + "/tok");
        return string.Join(" · ", parts);
    }

    /// <summary>What is known about the model file: architecture, tensor type, preset.</summary>
    public static string Subtitle(EvaluatedRun run)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(run.Architecture))
            parts.Add(run.Architecture);
        if (!string.IsNullOrWhiteSpace(run.TensorType))
            parts.Add(run.TensorType);
        if (run.Labels.TryGetValue("preset", out var preset) && preset.Length > 0)
            parts.Add(preset);
        return parts.Count == 0 ? Path.GetFileName(run.Directory) : string.Join(" · ", parts);
    }
}
