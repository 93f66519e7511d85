namespace LlmDistill.Evaluation.Reports.Svg;

/// <summary>An (x, y) pair in data units.</summary>
public readonly record struct ChartPoint(double X, double Y);
