namespace LlmDistill.Evaluation.Reports.Svg;

/// <summary>A dashed horizontal line across a chart (the teacher's accuracy, say), named in the legend.</summary>
public sealed record ReferenceLine(string Label, double Value, string Color);
