using LlmDistill.Evaluation.Metrics;

namespace LlmDistill.Evaluation.Tests.Metrics;

public sealed class WilsonIntervalTests
{
    // Reference values: Brown, Cai & DasGupta (2001) and statsmodels' proportion_confint(method="wilson").
    [Theory]
    [InlineData(0, 10, 0.0, 0.277533)]
    [InlineData(5, 10, 0.236593, 0.763407)]
    [InlineData(10, 10, 0.722467, 1.0)]
    [InlineData(81, 263, 0.255289, 0.366210)]
    [InlineData(1, 16, 0.011119, 0.283287)]
    public void Matches_known_95_percent_intervals(int successes, int trials, double low, double high)
    {
        var (l, h) = WilsonInterval.Compute(successes, trials);

        Assert.Equal(low, l, 6);
        Assert.Equal(high, h, 6);
    }

    [Fact]
    public void Stays_inside_zero_and_one_and_contains_the_estimate()
    {
        for (var n = 1; n <= 40; n++)
        {
            for (var x = 0; x <= n; x++)
            {
                var (l, h) = WilsonInterval.Compute(x, n);
                Assert.InRange(l, 0, (double)x / n);
                Assert.InRange(h, (double)x / n, 1);
            }
        }
    }

    [Fact]
    public void Accuracy_section_carries_the_interval_and_method()
    {
        var accuracy = AccuracyMetrics.From(5, 10);

        Assert.Equal(0.5, accuracy.Value);
        Assert.Equal(0.236593, accuracy.CiLow, 6);
        Assert.Equal(0.763407, accuracy.CiHigh, 6);
        Assert.Equal("wilson-95", accuracy.Method);
    }

    [Fact]
    public void Refuses_more_successes_than_trials() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WilsonInterval.Compute(3, 2));
}
