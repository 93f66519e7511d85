using LlmDistill.Evaluation.Metrics;

namespace LlmDistill.Evaluation.Tests.Metrics;

public sealed class PercentileTests
{
    // numpy.percentile (linear interpolation) gives these.
    [Theory]
    [InlineData(new[] { 1.0, 2, 3, 4 }, 50, 2.5)]
    [InlineData(new[] { 1.0, 2, 3, 4 }, 95, 3.85)]
    [InlineData(new[] { 9.0, 1, 7, 3, 5 }, 50, 5)]
    [InlineData(new[] { 9.0, 1, 7, 3, 5 }, 95, 8.6)]
    [InlineData(new[] { 42.0 }, 95, 42)]
    public void Interpolates_between_closest_ranks(double[] values, double p, double expected) =>
        Assert.Equal(expected, Percentile.Of(values, p)!.Value, 10);

    [Fact]
    public void Is_null_without_values() => Assert.Null(Percentile.Of([], 50));
}
