namespace LlmDistill.Evaluation.Reports.Svg;

/// <summary>
/// Axis ticks a person reads at a glance: linear ticks at 1, 2 or 5 × 10ⁿ (Heckbert, "Nice numbers for graph
/// labels", Graphics Gems, 1990) and log ticks at powers of ten, with 2 and 5 between them when the range spans
/// too few decades to read otherwise.
/// </summary>
public static class Ticks
{
    /// <summary>
    /// The nice number nearest <paramref name="x"/> (<paramref name="round"/>) or the smallest nice number not below it:
    /// 1, 2, 5 or 10 times a power of ten.
    /// </summary>
    public static double NiceNumber(double x, bool round)
    {
        if (!(x > 0) || double.IsInfinity(x))
            throw new ArgumentOutOfRangeException(nameof(x), x, "a nice number needs a positive, finite value");
        var exponent = Math.Floor(Math.Log10(x));
        var fraction = x / Math.Pow(10, exponent);
        double nice = round
            ? fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
            : fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * Math.Pow(10, exponent);
    }

    /// <summary>
    /// About <paramref name="target"/> evenly spaced nice ticks whose first and last enclose [<paramref name="min"/>,
    /// <paramref name="max"/>]. A zero-width range is widened so the axis still has a scale.
    /// </summary>
    public static IReadOnlyList<double> Linear(double min, double max, int target = 5)
    {
        CheckRange(min, max);
        ArgumentOutOfRangeException.ThrowIfLessThan(target, 2);
        if (min == max)
        {
            var pad = min == 0 ? 1 : Math.Abs(min) * 0.1;
            (min, max) = (min - pad, max + pad);
        }
        var step = NiceNumber(NiceNumber(max - min, round: false) / (target - 1), round: true);
        var first = Math.Floor(min / step);
        var last = Math.Ceiling(max / step);
        // Rounded to the step's decimals so 0.1 + 0.2 prints as 0.3, and -0 never appears.
        var decimals = Math.Clamp(-(int)Math.Floor(Math.Log10(step)) + 1, 0, 15);
        var ticks = new List<double>();
        for (var i = first; i <= last; i++)
            ticks.Add(Math.Round(i * step, decimals) + 0.0);
        return ticks;
    }

    /// <summary>
    /// Log-axis ticks for positive [<paramref name="min"/>, <paramref name="max"/>]: the powers of ten from the one at
    /// or below <paramref name="min"/> to the one at or above <paramref name="max"/> (every other one past six
    /// decades, the last moved up to keep the steps even), with 2× and 5× between them when the range covers at most two decades.
    /// </summary>
    public static IReadOnlyList<double> Log10(double min, double max)
    {
        CheckRange(min, max);
        if (!(min > 0))
            throw new ArgumentOutOfRangeException(nameof(min), min, "a log axis needs positive values");
        var low = (int)Math.Floor(Math.Log10(min) + 1e-9);
        var high = (int)Math.Ceiling(Math.Log10(max) - 1e-9);
        if (high == low)
            high++;
        var decades = high - low;
        var stride = decades > 6 ? 2 : 1;
        high = low + ((decades + stride - 1) / stride * stride);
        var ticks = new List<double>();
        for (var e = low; e <= high; e += stride)
        {
            ticks.Add(Power(e));
            if (decades <= 2 && e < high)
            {
                ticks.Add(2 * Power(e));
                ticks.Add(5 * Power(e));
            }
        }
        return ticks;
    }

    // Exact for the decimal powers a report meets; Math.Pow(10, -3) is 0.0010000000000000002.
    private static double Power(int exponent) =>
        exponent >= 0 ? Math.Pow(10, exponent) : 1 / Math.Pow(10, -exponent);

    private static void CheckRange(double min, double max)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max))
            throw new ArgumentOutOfRangeException(nameof(min), "an axis range must be finite");
        if (min > max)
            throw new ArgumentOutOfRangeException(nameof(min), min, $"min must not exceed max ({max})");
    }
}
