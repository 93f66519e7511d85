using System.Xml.Linq;
using LlmDistill.Evaluation.Reports.Svg;

namespace LlmDistill.Evaluation.Tests.Reports.Svg;

public sealed class ChartTests
{
    private static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    private static ScatterChart Scatter(string label = "student <b>&</b> \"x\"") => new()
    {
        Title = "Accuracy vs size",
        XAxis = Axis.Log10("Parameters", 150_000, 3_200_000),
        YAxis = Axis.Fixed("Accuracy", AxisScale.Linear, [0, 0.5, 1], Axis.Percent),
        Points =
        [
            new ScatterPoint("teacher", 3_200_000, 0.9, new SeriesStyle("Teacher", Palette.Black, MarkerShape.Star), 0.85, 0.94),
            new ScatterPoint(label, 320_000, 0.855, new SeriesStyle("Step-by-step", Palette.Blue), 0.8, 0.9),
            new ScatterPoint("small", 150_000, 0.24, new SeriesStyle("Step-by-step", Palette.Blue)),
        ],
    };

    [Fact]
    public void Scatter_chart_is_well_formed_svg_with_escaped_labels()
    {
        var svg = XDocument.Parse(Scatter().ToSvg());

        Assert.Equal(Ns + "svg", svg.Root!.Name);
        Assert.Equal("Accuracy vs size", svg.Root.Element(Ns + "title")?.Value);
        var texts = svg.Descendants(Ns + "text").Select(t => t.Value).ToList();
        Assert.Contains("student <b>&</b> \"x\"", texts);
        Assert.Contains("1M", texts);
        Assert.Contains("50%", texts);
        // One legend entry per distinct style: Teacher and Step-by-step, not three.
        Assert.Single(texts, t => t == "Step-by-step");
        Assert.Single(texts, t => t == "Teacher");
    }

    [Fact]
    public void Error_bars_span_the_interval()
    {
        var svg = XDocument.Parse(Scatter().ToSvg());
        var bars = svg.Descendants(Ns + "g").Single(g => (string?)g.Attribute("class") == "intervals").Elements(Ns + "line").ToList();

        Assert.Equal(6, bars.Count); // two intervals, each a stem and two caps; the third point has none
        var stem = bars[0];
        var low = double.Parse(stem.Attribute("y1")!.Value, System.Globalization.CultureInfo.InvariantCulture);
        var high = double.Parse(stem.Attribute("y2")!.Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(low > high, "in SVG a higher value is further up, a smaller y");
    }

    [Fact]
    public void Same_chart_gives_the_same_bytes()
    {
        Assert.Equal(Scatter().ToSvg(), Scatter().ToSvg());
    }

    [Fact]
    public void Control_characters_from_model_output_are_dropped()
    {
        var svg = Scatter("bad\u0001\u0007name\uD800").ToSvg();
        XDocument.Parse(svg);
        Assert.Contains(">badname<", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_chart_thins_long_series_and_keeps_the_last_point()
    {
        var points = Enumerable.Range(0, 10_000).Select(i => new ChartPoint(i, 10_000 - i)).ToList();
        var chart = new LineChart
        {
            Title = "loss",
            XAxis = Axis.Linear("Step", 0, 9_999),
            YAxis = Axis.Linear("Loss", 0, 10_000, includeZero: true),
            Series = [new LineSeries(new SeriesStyle("train loss", Palette.Blue), points)],
            MaxPointsPerSeries = 100,
        };

        var polyline = XDocument.Parse(chart.ToSvg()).Descendants(Ns + "polyline").Single();
        var coordinates = polyline.Attribute("points")!.Value.Split(' ');
        Assert.Equal(100, coordinates.Length);
        Assert.Equal(LineChart.Thin(points, 100)[^1], points[^1]);
    }

    [Fact]
    public void Bar_chart_draws_one_bar_per_value_and_the_reference_line()
    {
        var sbs = new SeriesStyle("Step-by-step", Palette.Blue);
        var ao = new SeriesStyle("Answer-only", Palette.Orange, MarkerShape.Square);
        var chart = new BarChart
        {
            Title = "objectives",
            YAxis = Axis.Fixed("Accuracy", AxisScale.Linear, [0, 0.5, 1], Axis.Percent),
            XLabel = "Student size",
            Groups =
            [
                new BarGroup("320k params", [new Bar(sbs, 0.855, 0.8, 0.9, "85.5%"), new Bar(ao, 0.11, ValueLabel: "11%")]),
                new BarGroup("150k params", [new Bar(sbs, 0.24, ValueLabel: "24%")]),
            ],
            Reference = new ReferenceLine("teacher 90%", 0.9, Palette.Black),
        };

        var svg = XDocument.Parse(chart.ToSvg());
        var bars = svg.Descendants(Ns + "g").Where(g => (string?)g.Attribute("class") == "bar-group")
            .SelectMany(g => g.Elements(Ns + "rect")).ToList();
        Assert.Equal(3, bars.Count);
        Assert.Contains(svg.Descendants(Ns + "text"), t => t.Value == "teacher 90%");
        Assert.Contains(svg.Descendants(Ns + "line"), l => (string?)l.Attribute("stroke-dasharray") == "6 4");
        // The 85.5% bar is taller than the 11% one.
        double Height(XElement r) => double.Parse(r.Attribute("height")!.Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Height(bars[0]) > Height(bars[1]) * 7);
    }

    [Fact]
    public void Palette_is_okabe_ito()
    {
        Assert.Equal(new[] { "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000" }, Palette.Series);
        Assert.Equal(Palette.At(0), Palette.At(Palette.Series.Count));
    }
}
