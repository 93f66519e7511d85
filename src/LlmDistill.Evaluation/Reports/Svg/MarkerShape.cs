namespace LlmDistill.Evaluation.Reports.Svg;

/// <summary>Point markers; shape repeats what colour says, for readers who cannot tell the colours apart and for print.</summary>
public enum MarkerShape
{
    Circle,
    Square,
    Triangle,
    Diamond,
    Star,
}
