namespace LlmDistill.Evaluation.Reports.Svg;

/// <summary>
/// The parts every chart shares: the root element, a legend that wraps above the plot, grid lines, ticks and axis
/// labels, and markers. Sizes are in viewBox units. The root's width and height make a standalone file (an image in
/// report.md) render at its natural size; report.html's stylesheet scales the inline copy to its container.
/// </summary>
internal sealed class ChartFrame
{
    private const double LegendRow = 20;
    private const double LegendFont = 12.5;

    private ChartFrame(double width, double height, double top, IReadOnlyList<IReadOnlyList<LegendEntry>> legendRows)
    {
        Width = width;
        Height = height;
        PlotLeft = 70;
        PlotTop = top;
        PlotWidth = width - PlotLeft - 28;
        PlotHeight = height - top - 58;
        LegendRows = legendRows;
    }

    public double Width { get; }

    public double Height { get; }

    public double PlotLeft { get; }

    public double PlotTop { get; }

    public double PlotWidth { get; }

    public double PlotHeight { get; }

    public double PlotRight => PlotLeft + PlotWidth;

    public double PlotBottom => PlotTop + PlotHeight;

    private IReadOnlyList<IReadOnlyList<LegendEntry>> LegendRows { get; }

    /// <summary>Lays out a chart of the given size whose legend holds <paramref name="legend"/>, wrapped to fit.</summary>
    public static ChartFrame Create(double width, double height, IReadOnlyList<LegendEntry> legend)
    {
        var rows = new List<IReadOnlyList<LegendEntry>>();
        var row = new List<LegendEntry>();
        var used = 0.0;
        var available = width - 32;
        foreach (var entry in legend)
        {
            var w = EntryWidth(entry.Style);
            if (row.Count > 0 && used + w > available)
            {
                rows.Add(row);
                row = [];
                used = 0;
            }
            row.Add(entry);
            used += w;
        }
        if (row.Count > 0)
            rows.Add(row);
        var top = 18 + (rows.Count * LegendRow) + 10;
        return new ChartFrame(width, height + (rows.Count > 1 ? (rows.Count - 1) * LegendRow : 0), top, rows);
    }

    public double X(Axis axis, double value) => PlotLeft + (axis.Fraction(value) * PlotWidth);

    public double Y(Axis axis, double value) => PlotTop + ((1 - axis.Fraction(value)) * PlotHeight);

    public SvgWriter Begin(string title)
    {
        var w = new SvgWriter();
        w.Open("svg", ("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", $"0 0 {Markup.Num(Width)} {Markup.Num(Height)}"),
            ("width", Width), ("height", Height), ("role", "img"), ("aria-label", title), ("font-family", SvgWriter.FontFamily));
        w.Element("title", title);
        w.Empty("rect", ("width", Width), ("height", Height), ("fill", "#ffffff"));
        return w;
    }

    public static string End(SvgWriter w) => w.Close("svg").ToString();

    public void Legend(SvgWriter w)
    {
        for (var r = 0; r < LegendRows.Count; r++)
        {
            // Rows are centred over the chart.
            var x = (Width - LegendRows[r].Sum(e => EntryWidth(e.Style)) + EntryGap) / 2;
            var y = 18 + (r * LegendRow) + 6;
            foreach (var (entry, symbol) in LegendRows[r])
            {
                switch (symbol)
                {
                    case LegendSymbol.Line:
                        w.Line(x, y, x + 22, y, entry.Color, 2.5, entry.Dashed ? "6 4" : null);
                        break;
                    case LegendSymbol.Swatch:
                        w.Empty("rect", ("x", x + 4), ("y", y - 6), ("width", 14), ("height", 12), ("rx", 2), ("fill", entry.Color));
                        break;
                    default:
                        Marker(w, entry.Marker, x + 11, y, entry.Color, 5.5);
                        break;
                }
                w.Text(x + 27, y + 4.5, entry.Name, LegendFont, fill: Palette.Ink);
                x += EntryWidth(entry);
            }
        }
    }

    /// <summary>Grid lines and tick labels for both axes, and the axis titles.</summary>
    public void Axes(SvgWriter w, Axis x, Axis y)
    {
        YAxis(w, y);
        w.Open("g", ("class", "x-axis"));
        foreach (var tick in x.Ticks)
        {
            var px = X(x, tick);
            w.Line(px, PlotTop, px, PlotBottom, Palette.Grid);
            w.Text(px, PlotBottom + 18, x.Format(tick), 12, "middle");
        }
        w.Close("g");
        w.Text(PlotLeft + (PlotWidth / 2), Height - 12, x.Label, 13, "middle", Palette.Ink, "600");
    }

    /// <summary>Horizontal grid lines, y tick labels, the y title and the baseline.</summary>
    public void YAxis(SvgWriter w, Axis y)
    {
        w.Open("g", ("class", "y-axis"));
        foreach (var tick in y.Ticks)
        {
            var py = Y(y, tick);
            w.Line(PlotLeft, py, PlotRight, py, Palette.Grid);
            w.Text(PlotLeft - 8, py + 4, y.Format(tick), 12, "end");
        }
        w.Close("g");
        w.Line(PlotLeft, PlotBottom, PlotRight, PlotBottom, Palette.Rule);
        w.Line(PlotLeft, PlotTop, PlotLeft, PlotBottom, Palette.Rule);
        var cy = PlotTop + (PlotHeight / 2);
        w.Text(18, cy, y.Label, 13, "middle", Palette.Ink, "600", $"rotate(-90 18 {Markup.Num(cy)})");
    }

    /// <summary>A vertical error bar with caps from <paramref name="low"/> to <paramref name="high"/> (pixels).</summary>
    public static void ErrorBar(SvgWriter w, double x, double low, double high, string color)
    {
        w.Line(x, low, x, high, color, 1.5);
        w.Line(x - 5, low, x + 5, low, color, 1.5);
        w.Line(x - 5, high, x + 5, high, color, 1.5);
    }

    /// <summary>A marker centred on (x, y) with a white outline so overlapping points stay apart.</summary>
    public static void Marker(SvgWriter w, MarkerShape shape, double x, double y, string color, double r)
    {
        (string, object?) fill = ("fill", color), stroke = ("stroke", "#ffffff"), width = ("stroke-width", 1.5);
        switch (shape)
        {
            case MarkerShape.Square:
                w.Empty("rect", ("x", x - (r * 0.9)), ("y", y - (r * 0.9)), ("width", r * 1.8), ("height", r * 1.8), fill, stroke, width);
                break;
            case MarkerShape.Triangle:
                w.Empty("polygon", ("points", Points((x, y - (r * 1.15)), (x + r, y + (r * 0.75)), (x - r, y + (r * 0.75)))), fill, stroke, width);
                break;
            case MarkerShape.Diamond:
                w.Empty("polygon", ("points", Points((x, y - (r * 1.25)), (x + r, y), (x, y + (r * 1.25)), (x - r, y))), fill, stroke, width);
                break;
            case MarkerShape.Star:
                var star = new (double, double)[10];
                for (var i = 0; i < 10; i++)
                {
                    var radius = i % 2 == 0 ? r * 1.35 : r * 0.6;
                    var angle = (-Math.PI / 2) + (i * Math.PI / 5);
                    star[i] = (x + (radius * Math.Cos(angle)), y + (radius * Math.Sin(angle)));
                }
                w.Empty("polygon", ("points", Points(star)), fill, stroke, width);
                break;
            default:
                w.Empty("circle", ("cx", x), ("cy", y), ("r", r), fill, stroke, width);
                break;
        }
    }

    public static string Points(params (double X, double Y)[] points) =>
        string.Join(' ', points.Select(p => Markup.Num(p.X) + "," + Markup.Num(p.Y)));

    private const double EntryGap = 16;

    private static double EntryWidth(SeriesStyle entry) => 27 + Markup.TextWidth(entry.Name, LegendFont) + EntryGap;
}
