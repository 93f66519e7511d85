namespace LlmDistill.Evaluation.Reports.Svg;

/// <summary>How one series looks: a colour (see <see cref="Palette"/>), a marker and a line pattern.</summary>
public sealed record SeriesStyle(string Name, string Color, MarkerShape Marker = MarkerShape.Circle, bool Dashed = false);
