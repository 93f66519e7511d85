using System.Globalization;
using LlmDistill.Evaluation.Reports.Input;
using LlmDistill.Evaluation.Reports.Svg;

namespace LlmDistill.Evaluation.Reports.Content;

/// <summary>How the report prints numbers, in one place so the HTML, the Markdown and the headline agree.</summary>
internal static class Formats
{
    public const string Missing = "—";

    public static string Percent(double? fraction) =>
        fraction is { } f ? (f * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : Missing;

    public static string Interval(RunAccuracy a) =>
        a.CiLow is { } low && a.CiHigh is { } high
            ? (low * 100).ToString("0.0", CultureInfo.InvariantCulture) + "–" + (high * 100).ToString("0.0", CultureInfo.InvariantCulture)
            : "";

    public static string Count(long? value) => value is { } v ? Axis.Si(v) : Missing;

    public static string Bytes(long? value) => value switch
    {
        null => Missing,
        >= 1_000_000_000 => (value.Value / 1e9).ToString("0.0#", CultureInfo.InvariantCulture) + " GB",
        >= 1_000_000 => (value.Value / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
        >= 1_000 => (value.Value / 1e3).ToString("0", CultureInfo.InvariantCulture) + " kB",
        _ => value.Value.ToString(CultureInfo.InvariantCulture) + " B",
    };

    public static string Rate(double? value) => value switch
    {
        null => Missing,
        >= 100 => value.Value.ToString("#,0", CultureInfo.InvariantCulture),
        _ => value.Value.ToString("0.#", CultureInfo.InvariantCulture),
    };

    public static string Milliseconds(double? value) => value switch
    {
        null => Missing,
        >= 100 => value.Value.ToString("#,0", CultureInfo.InvariantCulture) + " ms",
        _ => value.Value.ToString("0.0", CultureInfo.InvariantCulture) + " ms",
    };

    public static string Score(double? value) =>
        value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : Missing;

    /// <summary>A ratio for the headline: 10.0×, 6.2×, 120×.</summary>
    public static string Ratio(double value) =>
        value.ToString(value >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture) + "×";

    public static string Date(DateTimeOffset? value) =>
        value is { } v ? v.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : Missing;

    /// <summary>Cuts long model output at <paramref name="max"/> characters, on a word boundary when one is near.</summary>
    public static string Clip(string? text, int max)
    {
        if (string.IsNullOrEmpty(text) || text.Length <= max)
            return text ?? "";
        var cut = text.LastIndexOf(' ', max - 1, Math.Min(40, max));
        return text[..(cut > 0 ? cut : max)].TrimEnd() + " …";
    }
}
