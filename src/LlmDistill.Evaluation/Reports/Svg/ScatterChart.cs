namespace LlmDistill.Evaluation.Reports.Svg;

/// <summary>
/// Labelled points with vertical error bars, one legend entry per distinct style. Labels are placed right, left,
/// above or below their point, whichever first overlaps nothing already drawn.
/// </summary>
public sealed class ScatterChart
{
    private const double LabelFont = 12;

    public required string Title { get; init; }

    public required Axis XAxis { get; init; }

    public required Axis YAxis { get; init; }

    public required IReadOnlyList<ScatterPoint> Points { get; init; }

    public double Width { get; init; } = 720;

    public double Height { get; init; } = 420;

    public string ToSvg()
    {
        var legend = Points.Select(p => p.Style).Distinct().Select(s => new LegendEntry(s, LegendSymbol.Marker)).ToList();
        var frame = ChartFrame.Create(Width, Height, legend);
        var w = frame.Begin(Title);
        frame.Legend(w);
        frame.Axes(w, XAxis, YAxis);

        // Intervals first, markers over them, labels last so no marker covers a label.
        var placed = Points.Select(p => (p, X: frame.X(XAxis, p.X), Y: frame.Y(YAxis, p.Y))).ToList();
        w.Open("g", ("class", "intervals"));
        foreach (var (p, x, _) in placed)
        {
            if (p.YLow is { } low && p.YHigh is { } high)
                ChartFrame.ErrorBar(w, x, frame.Y(YAxis, low), frame.Y(YAxis, high), p.Style.Color);
        }
        w.Close("g");
        w.Open("g", ("class", "points"));
        foreach (var (p, x, y) in placed)
            ChartFrame.Marker(w, p.Style.Marker, x, y, p.Style.Color, 6.5);
        w.Close("g");

        w.Open("g", ("class", "labels"));
        var taken = placed.Select(q => Box.Around(q.X, q.Y, 7)).ToList();
        foreach (var (p, x, y) in placed)
        {
            var (lx, ly, anchor, box) = PlaceLabel(p.Label, x, y, frame, taken);
            taken.Add(box);
            w.HaloText(lx, ly, p.Label, LabelFont, anchor);
        }
        w.Close("g");
        return ChartFrame.End(w);
    }

    private static (double X, double Y, string Anchor, Box Box) PlaceLabel(string label, double x, double y,
        ChartFrame frame, List<Box> taken)
    {
        var width = Markup.TextWidth(label, LabelFont);
        (double X, double Y, string Anchor)[] candidates =
        [
            (x + 10, y + 4, "start"),
            (x - 10, y + 4, "end"),
            (x, y - 12, "middle"),
            (x, y + 20, "middle"),
            (x + 10, y - 10, "start"),
            (x - 10, y - 10, "end"),
            (x + 10, y + 18, "start"),
            (x - 10, y + 18, "end"),
        ];
        (double, double, string, Box)? first = null;
        foreach (var (cx, cy, anchor) in candidates)
        {
            // Slid inside the plot, so a long name next to an edge point is moved, not cut off.
            var left = anchor switch { "end" => cx - width, "middle" => cx - (width / 2), _ => cx };
            left = Math.Clamp(left, frame.PlotLeft + 2, Math.Max(frame.PlotLeft + 2, frame.PlotRight - 2 - width));
            var baseline = Math.Clamp(cy, frame.PlotTop + LabelFont, frame.PlotBottom - 4);
            var box = new Box(left, baseline - LabelFont + 2, left + width, baseline + 3);
            first ??= (left, baseline, "start", box);
            if (!taken.Any(t => t.Overlaps(box)))
                return (left, baseline, "start", box);
        }
        return first!.Value;
    }

    private readonly record struct Box(double Left, double Top, double Right, double Bottom)
    {
        public static Box Around(double x, double y, double r) => new(x - r, y - r, x + r, y + r);

        public bool Overlaps(Box o) => Left < o.Right && o.Left < Right && Top < o.Bottom && o.Top < Bottom;
    }
}
