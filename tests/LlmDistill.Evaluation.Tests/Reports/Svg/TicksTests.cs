using LlmDistill.Evaluation.Reports.Svg;

namespace LlmDistill.Evaluation.Tests.Reports.Svg;

public sealed class TicksTests
{
    [Theory]
    [InlineData(0.13, true, 0.1)]
    [InlineData(0.16, true, 0.2)]
    [InlineData(3.1, true, 5)]
    [InlineData(7.2, true, 10)]
    [InlineData(1.2, false, 2)]
    [InlineData(2.0, false, 2)]
    [InlineData(4321, false, 5000)]
    [InlineData(5001, false, 10000)]
    public void Nice_numbers_are_1_2_or_5_times_a_power_of_ten(double x, bool round, double expected) =>
        Assert.Equal(expected, Ticks.NiceNumber(x, round), 12);

    [Fact]
    public void Linear_ticks_enclose_the_data_at_nice_steps()
    {
        Assert.Equal(new[] { 0.0, 20, 40, 60, 80, 100 }, Ticks.Linear(3, 97));
        Assert.Equal(new[] { 0.0, 1, 2, 3 }, Ticks.Linear(0, 2.3));
        Assert.Equal(new[] { 0.0, 0.5, 1, 1.5, 2 }, Ticks.Linear(0.2, 1.9));
        Assert.Equal(new[] { -10.0, -5, 0, 5, 10 }, Ticks.Linear(-7, 8));
    }

    [Fact]
    public void Linear_ticks_print_without_floating_point_noise()
    {
        var ticks = Ticks.Linear(0.1, 0.5);
        Assert.Equal(new[] { 0.1, 0.2, 0.3, 0.4, 0.5 }, ticks);
        Assert.Equal(new[] { "0.1", "0.2", "0.3", "0.4", "0.5" }, ticks.Select(Axis.General));
    }

    [Fact]
    public void A_single_value_still_gets_a_scale()
    {
        var ticks = Ticks.Linear(5, 5);
        Assert.True(ticks.Count >= 2);
        Assert.True(ticks[0] < 5 && ticks[^1] > 5);
        Assert.Equal(new[] { -1.0, -0.5, 0, 0.5, 1 }, Ticks.Linear(0, 0));
    }

    [Fact]
    public void Log_ticks_are_powers_of_ten_around_the_data()
    {
        Assert.Equal(new[] { 1e3, 1e4, 1e5, 1e6, 1e7 }, Ticks.Log10(1_500, 3_300_000));
        Assert.Equal(new[] { 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8 }, Ticks.Log10(120, 7e7));
    }

    [Fact]
    public void Log_ticks_add_2_and_5_over_short_ranges()
    {
        Assert.Equal(new[] { 1e5, 2e5, 5e5, 1e6, 2e6, 5e6, 1e7 }, Ticks.Log10(150_000, 3_200_000));
        Assert.Equal(new[] { 10.0, 20, 50, 100 }, Ticks.Log10(50, 50));
    }

    [Fact]
    public void Log_ticks_thin_out_past_six_decades()
    {
        Assert.Equal(new[] { 1.0, 1e2, 1e4, 1e6, 1e8, 1e10 }, Ticks.Log10(1, 1e10));
        // Seven decades: the last tick moves up to 1e10 so every step is two decades.
        Assert.Equal(new[] { 1e2, 1e4, 1e6, 1e8, 1e10 }, Ticks.Log10(120, 7e8));
    }

    [Fact]
    public void Exact_powers_of_ten_are_not_padded_by_a_decade()
    {
        Assert.Equal(new[] { 1e3, 1e4, 1e5, 1e6 }, Ticks.Log10(1_000, 1_000_000));
        Assert.Equal(new[] { 0.001, 0.01, 0.1, 1 }, Ticks.Log10(0.001, 1));
    }

    [Fact]
    public void Log_axes_reject_values_that_are_not_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Ticks.Log10(0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ticks.Linear(2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ticks.Linear(double.NaN, 1));
    }

    [Theory]
    [InlineData(950, "950")]
    [InlineData(1_000, "1k")]
    [InlineData(150_000, "150k")]
    [InlineData(3_300_000, "3.3M")]
    [InlineData(7e9, "7B")]
    [InlineData(0.5, "0.5")]
    public void Si_labels_are_short(double value, string expected) => Assert.Equal(expected, Axis.Si(value));

    [Fact]
    public void Log_axis_places_each_decade_equally()
    {
        var axis = Axis.Log10("params", 1_000, 1_000_000);
        Assert.Equal(0, axis.Fraction(1_000), 12);
        Assert.Equal(1 / 3.0, axis.Fraction(10_000), 12);
        Assert.Equal(1, axis.Fraction(1_000_000), 12);
    }
}
