namespace LlmDistill.Evaluation.Reports.Svg;

/// <summary>
/// Lines over a shared x axis (training steps, say). A long series is thinned to at most
/// <see cref="MaxPointsPerSeries"/> evenly spaced points, keeping the last, so a 50k-step log stays a small file;
/// a short one also gets markers, so a validation loss measured three times does not pass for a measured line.
/// </summary>
public sealed class LineChart
{
    private const int MarkersUpTo = 12;

    public required string Title { get; init; }

    public required Axis XAxis { get; init; }

    public required Axis YAxis { get; init; }

    public required IReadOnlyList<LineSeries> Series { get; init; }

    public double Width { get; init; } = 720;

    public double Height { get; init; } = 360;

    public int MaxPointsPerSeries { get; init; } = 400;

    public string ToSvg()
    {
        var frame = ChartFrame.Create(Width, Height, Series.Select(s => new LegendEntry(s.Style, LegendSymbol.Line)).ToList());
        var w = frame.Begin(Title);
        frame.Legend(w);
        frame.Axes(w, XAxis, YAxis);
        w.Open("g", ("class", "lines"), ("fill", "none"), ("stroke-linejoin", "round"), ("stroke-linecap", "round"));
        foreach (var series in Series)
        {
            var points = Thin(series.Points, MaxPointsPerSeries)
                .Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y) && (YAxis.Scale != AxisScale.Log10 || p.Y > 0))
                .Select(p => (frame.X(XAxis, p.X), frame.Y(YAxis, p.Y)))
                .ToArray();
            if (points.Length == 0)
                continue;
            if (points.Length > 1)
            {
                w.Empty("polyline", ("points", ChartFrame.Points(points)), ("stroke", series.Style.Color), ("stroke-width", 2.25),
                    ("stroke-dasharray", series.Style.Dashed ? "7 4" : null));
            }
            if (points.Length <= MarkersUpTo)
            {
                foreach (var (x, y) in points)
                    ChartFrame.Marker(w, series.Style.Marker, x, y, series.Style.Color, 3.5);
            }
        }
        w.Close("g");
        return ChartFrame.End(w);
    }

    internal static IReadOnlyList<ChartPoint> Thin(IReadOnlyList<ChartPoint> points, int max)
    {
        if (points.Count <= max || max < 2)
            return points;
        var result = new List<ChartPoint>(max);
        for (var i = 0; i < max - 1; i++)
            result.Add(points[(int)((long)i * (points.Count - 1) / (max - 1))]);
        result.Add(points[^1]);
        return result;
    }
}
