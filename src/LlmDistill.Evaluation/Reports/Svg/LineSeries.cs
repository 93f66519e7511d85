namespace LlmDistill.Evaluation.Reports.Svg;

/// <summary>One line of a <see cref="LineChart"/>, its points in x order.</summary>
public sealed record LineSeries(SeriesStyle Style, IReadOnlyList<ChartPoint> Points);
