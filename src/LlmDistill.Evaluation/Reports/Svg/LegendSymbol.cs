namespace LlmDistill.Evaluation.Reports.Svg;

/// <summary>What a legend entry shows beside its name: the series' marker, a line sample, or a bar swatch.</summary>
internal enum LegendSymbol
{
    Marker,
    Line,
    Swatch,
}

/// <summary>One legend entry: a series' style and the symbol drawn for it.</summary>
internal readonly record struct LegendEntry(SeriesStyle Style, LegendSymbol Symbol);
