namespace LlmDistill.Evaluation.Reports.Svg;

/// <summary>How an <see cref="Axis"/> maps values to positions.</summary>
public enum AxisScale
{
    Linear,
    Log10,
}
