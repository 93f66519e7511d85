namespace LlmDistill.Evaluation.Reports.Svg;

/// <summary>Bars that stand side by side under one category label.</summary>
public sealed record BarGroup(string Label, IReadOnlyList<Bar> Bars);
