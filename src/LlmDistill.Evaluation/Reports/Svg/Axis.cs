using System.Globalization;

namespace LlmDistill.Evaluation.Reports.Svg;

/// <summary>
/// One chart axis: its label, scale, domain and ticks, and how tick values print. Build one with
/// <see cref="Linear"/>, <see cref="Log10"/> or <see cref="Fixed"/>; the domain always runs from the first tick
/// to the last, so no point sits outside the frame.
/// </summary>
public sealed class Axis
{
    private Axis(string label, AxisScale scale, IReadOnlyList<double> ticks, Func<double, string> format)
    {
        if (ticks.Count < 2)
            throw new ArgumentException("an axis needs at least two ticks", nameof(ticks));
        Label = label;
        Scale = scale;
        Ticks = ticks;
        Format = format;
        Min = ticks[0];
        Max = ticks[^1];
    }

    public string Label { get; }

    public AxisScale Scale { get; }

    public double Min { get; }

    public double Max { get; }

    public IReadOnlyList<double> Ticks { get; }

    public Func<double, string> Format { get; }

    /// <summary>A linear axis over the data's range (and zero, with <paramref name="includeZero"/>).</summary>
    public static Axis Linear(string label, double dataMin, double dataMax, Func<double, string>? format = null,
        bool includeZero = false, int targetTicks = 5)
    {
        if (includeZero)
            (dataMin, dataMax) = (Math.Min(0, dataMin), Math.Max(0, dataMax));
        return new Axis(label, AxisScale.Linear, Svg.Ticks.Linear(dataMin, dataMax, targetTicks), format ?? General);
    }

    /// <summary>A log10 axis over positive data.</summary>
    public static Axis Log10(string label, double dataMin, double dataMax, Func<double, string>? format = null) =>
        new(label, AxisScale.Log10, Svg.Ticks.Log10(dataMin, dataMax), format ?? Si);

    /// <summary>An axis with the caller's ticks, e.g. accuracy from 0 to 100 % whatever the data.</summary>
    public static Axis Fixed(string label, AxisScale scale, IReadOnlyList<double> ticks, Func<double, string>? format = null) =>
        new(label, scale, ticks, format ?? General);

    /// <summary>Where <paramref name="value"/> falls along the axis, 0 at <see cref="Min"/> and 1 at <see cref="Max"/>.</summary>
    public double Fraction(double value) => Scale switch
    {
        AxisScale.Log10 => (Math.Log10(Math.Max(value, Min * 1e-3)) - Math.Log10(Min)) / (Math.Log10(Max) - Math.Log10(Min)),
        _ => (value - Min) / (Max - Min),
    };

    /// <summary>Up to four significant digits, no trailing zeros: 0.25, 1200, 3.5.</summary>
    public static string General(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>SI suffixes for counts: 950, 1.2k, 3.3M, 7B.</summary>
    public static string Si(double value)
    {
        var abs = Math.Abs(value);
        return abs switch
        {
            >= 1e9 => Trim(value / 1e9) + "B",
            >= 1e6 => Trim(value / 1e6) + "M",
            >= 1e3 => Trim(value / 1e3) + "k",
            _ => General(value),
        };

        static string Trim(double v) => v.ToString(Math.Abs(v) >= 100 ? "0" : "0.#", CultureInfo.InvariantCulture);
    }

    /// <summary>A fraction as a percentage: 0.9 → "90%".</summary>
    public static string Percent(double value) =>
        (value * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}
