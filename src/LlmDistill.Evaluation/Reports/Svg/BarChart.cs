namespace LlmDistill.Evaluation.Reports.Svg;

/// <summary>
/// Grouped vertical bars over a categorical x axis, with error bars, value labels and an optional reference line
/// (named in the legend).
/// </summary>
public sealed class BarChart
{
    private const double MaxBarWidth = 64;

    public required string Title { get; init; }

    public required Axis YAxis { get; init; }

    public required string XLabel { get; init; }

    public required IReadOnlyList<BarGroup> Groups { get; init; }

    public ReferenceLine? Reference { get; init; }

    public double Width { get; init; } = 720;

    public double Height { get; init; } = 400;

    public string ToSvg()
    {
        // The reference line is a legend entry, not a label on the line, where it would collide with the bars.
        var legend = Groups.SelectMany(g => g.Bars).Select(b => b.Style).Distinct()
            .Select(s => new LegendEntry(s, LegendSymbol.Swatch)).ToList();
        if (Reference is { } r)
            legend.Add(new LegendEntry(new SeriesStyle(r.Label, r.Color, Dashed: true), LegendSymbol.Line));
        var frame = ChartFrame.Create(Width, Height, legend);
        var w = frame.Begin(Title);
        frame.Legend(w);
        frame.YAxis(w, YAxis);
        var groupWidth = frame.PlotWidth / Math.Max(1, Groups.Count);
        var baseline = frame.Y(YAxis, Math.Max(YAxis.Min, 0));
        // Value labels go on last, over the reference line, so the line never strikes through a number.
        var labels = new List<(double X, double Y, string Text)>();
        for (var g = 0; g < Groups.Count; g++)
        {
            var group = Groups[g];
            var center = frame.PlotLeft + (groupWidth * (g + 0.5));
            var barWidth = Math.Min(MaxBarWidth, groupWidth * 0.8 / Math.Max(1, group.Bars.Count));
            var start = center - (barWidth * group.Bars.Count / 2);
            w.Open("g", ("class", "bar-group"));
            for (var b = 0; b < group.Bars.Count; b++)
            {
                var bar = group.Bars[b];
                var x = start + (barWidth * b);
                var top = frame.Y(YAxis, bar.Value);
                w.Empty("rect", ("x", x + 2), ("y", Math.Min(top, baseline)), ("width", barWidth - 4),
                    ("height", Math.Abs(baseline - top)), ("rx", 2), ("fill", bar.Style.Color));
                var labelY = top;
                if (bar.Low is { } low && bar.High is { } high)
                {
                    var highY = frame.Y(YAxis, high);
                    ChartFrame.ErrorBar(w, x + (barWidth / 2), frame.Y(YAxis, low), highY, Palette.Ink);
                    labelY = Math.Min(labelY, highY);
                }
                if (bar.ValueLabel is { } label)
                    labels.Add((x + (barWidth / 2), labelY - 6, label));
            }
            w.Close("g");
            w.Text(center, frame.PlotBottom + 18, group.Label, 12, "middle");
        }
        if (Reference is { } reference)
        {
            var y = frame.Y(YAxis, reference.Value);
            w.Line(frame.PlotLeft, y, frame.PlotRight, y, reference.Color, 1.5, "6 4");
        }
        w.Open("g", ("class", "values"));
        foreach (var (x, y, text) in labels)
            w.HaloText(x, y, text, 11.5, "middle", "600");
        w.Close("g");
        w.Text(frame.PlotLeft + (frame.PlotWidth / 2), frame.Height - 12, XLabel, 13, "middle", Palette.Ink, "600");
        return ChartFrame.End(w);
    }
}
