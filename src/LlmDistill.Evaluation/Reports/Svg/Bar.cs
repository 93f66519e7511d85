namespace LlmDistill.Evaluation.Reports.Svg;

/// <summary>One bar of a <see cref="BarGroup"/>, with an optional interval and a label printed above it.</summary>
public sealed record Bar(SeriesStyle Style, double Value, double? Low = null, double? High = null, string? ValueLabel = null);
