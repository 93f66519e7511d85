namespace LlmDistill.Evaluation.Reports.Svg;

/// <summary>
/// The Okabe–Ito palette (Okabe &amp; Ito, "Color Universal Design", 2008): eight colours that stay distinct under
/// the common colour-vision deficiencies. Yellow is left out of <see cref="Series"/>: it vanishes on white.
/// </summary>
public static class Palette
{
    public const string Black = "#000000";
    public const string Orange = "#E69F00";
    public const string SkyBlue = "#56B4E9";
    public const string BluishGreen = "#009E73";
    public const string Yellow = "#F0E442";
    public const string Blue = "#0072B2";
    public const string Vermillion = "#D55E00";
    public const string ReddishPurple = "#CC79A7";

    /// <summary>Colours in the order series take them.</summary>
    public static IReadOnlyList<string> Series { get; } =
        [Blue, Orange, BluishGreen, Vermillion, ReddishPurple, SkyBlue, Black];

    /// <summary>The <paramref name="index"/>-th series colour, cycling.</summary>
    public static string At(int index) => Series[((index % Series.Count) + Series.Count) % Series.Count];

    // Chart furniture: greys that print and pass contrast on white.
    internal const string Ink = "#1f2937";
    internal const string Muted = "#4b5563";
    internal const string Grid = "#e5e7eb";
    internal const string Rule = "#9ca3af";
}
