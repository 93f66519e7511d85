namespace LlmDistill.Evaluation.Reports.Svg;

/// <summary>One labelled point of a <see cref="ScatterChart"/>, with an optional vertical interval (a confidence interval).</summary>
public sealed record ScatterPoint(string Label, double X, double Y, SeriesStyle Style, double? YLow = null, double? YHigh = null);
