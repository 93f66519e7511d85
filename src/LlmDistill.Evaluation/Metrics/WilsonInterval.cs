namespace LlmDistill.Evaluation.Metrics;

/// <summary>
/// Wilson score interval for a binomial proportion (Wilson 1927; Brown, Cai and DasGupta 2001 recommend it
/// over the normal approximation, which collapses to zero width at 0 % and 100 % — exactly where a random
/// model or a perfect teacher sits).
/// </summary>
public static class WilsonInterval
{
    /// <summary>Two-sided 95 % normal quantile.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>The interval for <paramref name="successes"/> out of <paramref name="trials"/>; (0, 1) when there are no trials.</summary>
    public static (double Low, double High) Compute(int successes, int trials, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        if (trials == 0)
            return (0, 1);
        double n = trials, p = successes / n, z2 = z * z;
        var denominator = 1 + z2 / n;
        var center = (p + z2 / (2 * n)) / denominator;
        var half = z / denominator * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // At p = 0 the low end is exactly 0 and at p = 1 the high end exactly 1; rounding must not move them.
        return (successes == 0 ? 0 : Math.Max(0, center - half), successes == trials ? 1 : Math.Min(1, center + half));
    }
}
