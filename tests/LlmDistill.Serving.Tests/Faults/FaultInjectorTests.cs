using LlmDistill.Serving.Faults;

namespace LlmDistill.Serving.Tests.Faults;

public sealed class FaultInjectorTests
{
    private static readonly byte[] Body = "{}"u8.ToArray();

    [Fact]
    public void Off_by_default_injects_nothing()
    {
        var injector = new FaultInjector(new ServeOptions().Faults);

        Assert.False(injector.Enabled);
        Assert.All(Enumerable.Range(0, 100), i => Assert.Null(injector.Next("/v1/chat/completions", BitConverter.GetBytes(i))));
        Assert.Equal(0, injector.Snapshot().Requests);
    }

    [Fact]
    public void Produces_the_configured_mix_deterministically_for_a_seed()
    {
        var options = new FaultInjection
        {
            Probability = 0.3,
            Seed = 7,
            Weights = FaultInjection.ParseWeights("429:2, 500:1, 503:1, malformed:1, drop:1"),
        };
        const int n = 6000;

        var first = Draw(options, n);
        var again = Draw(options, n);
        var other = Draw(options with { Seed = 8 }, n);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        var faulted = first.Count(f => f is not null);
        Assert.InRange(faulted, 0.27 * n, 0.33 * n);
        double Share(FaultKind kind) => first.Count(f => f == kind) / (double)faulted;
        Assert.InRange(Share(FaultKind.TooManyRequests), 2 / 6.0 - 0.05, 2 / 6.0 + 0.05);
        Assert.InRange(Share(FaultKind.InternalServerError), 1 / 6.0 - 0.04, 1 / 6.0 + 0.04);
        Assert.InRange(Share(FaultKind.ConnectionDrop), 1 / 6.0 - 0.04, 1 / 6.0 + 0.04);
        Assert.Equal(0, first.Count(f => f == FaultKind.Stall));
    }

    [Fact]
    public void Counters_match_what_was_injected()
    {
        var injector = new FaultInjector(new FaultInjection { Probability = 0.5, Seed = 1 });
        var drawn = Enumerable.Range(0, 500).Select(i => injector.Next("/v1/completions", BitConverter.GetBytes(i))).ToList();

        var counters = injector.Snapshot();

        Assert.Equal(500, counters.Requests);
        foreach (var kind in Enum.GetValues<FaultKind>())
            Assert.Equal(drawn.Count(d => d == kind), counters.Injected[kind]);
        Assert.Equal(drawn.Count(d => d is not null), counters.TotalInjected);
    }

    [Fact]
    public async Task A_retry_of_a_429_is_recognised_and_judged_against_retry_after()
    {
        var injector = new FaultInjector(new FaultInjection
        {
            Probability = 1,
            Weights = new Dictionary<FaultKind, double> { [FaultKind.TooManyRequests] = 1 },
            RetryAfterSeconds = 0,
        });
        Assert.Equal(FaultKind.TooManyRequests, injector.Next("/v1/completions", Body));
        await Task.Delay(10);
        injector.Next("/v1/completions", Body);

        var counters = injector.Snapshot();
        Assert.Equal(1, counters.RetriesAfterWait);
        Assert.Equal(0, counters.RetriesTooEarly);
        Assert.NotNull(counters.ShortestRetryDelaySeconds);

        var strict = new FaultInjector(new FaultInjection
        {
            Probability = 1,
            Weights = new Dictionary<FaultKind, double> { [FaultKind.TooManyRequests] = 1 },
            RetryAfterSeconds = 5,
        });
        strict.Next("/v1/completions", Body);
        strict.Next("/v1/completions", Body);
        strict.Next("/v1/chat/completions", Body); // another route: not a retry
        Assert.Equal(1, strict.Snapshot().RetriesTooEarly);
        Assert.Equal(0, strict.Snapshot().RetriesAfterWait);
    }

    [Theory]
    [InlineData("teapot")]
    [InlineData("429:-1")]
    [InlineData("429:x")]
    [InlineData("429:0")]
    [InlineData("")]
    public void Bad_mixes_are_rejected(string mix) =>
        Assert.Throws<FormatException>(() => FaultInjection.ParseWeights(mix));

    [Fact]
    public void Options_are_validated_on_construction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaultInjection { Probability = 1.5 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaultInjection { RetryAfterSeconds = -1 });
        Assert.Throws<ArgumentException>(() => new FaultInjection { Weights = new Dictionary<FaultKind, double> { [FaultKind.Stall] = 0 } });
    }

    private static List<FaultKind?> Draw(FaultInjection options, int n)
    {
        var injector = new FaultInjector(options);
        return Enumerable.Range(0, n).Select(i => injector.Next("/v1/chat/completions", BitConverter.GetBytes(i))).ToList();
    }
}
