using System.Text.Json.Serialization;

namespace LlmDistill.Evaluation.Metrics;

/// <summary>metrics.json <c>accuracy</c>: exact match with a 95 % Wilson score interval.</summary>
public sealed record AccuracyMetrics
{
    /// <summary>correct / total.</summary>
    [JsonPropertyName("value")] public double Value { get; init; }

    [JsonPropertyName("correct")] public int Correct { get; init; }

    [JsonPropertyName("total")] public int Total { get; init; }

    [JsonPropertyName("ci_low")] public double CiLow { get; init; }

    [JsonPropertyName("ci_high")] public double CiHigh { get; init; }

    /// <summary>How the interval was computed: always <c>wilson-95</c> in schema version 1.</summary>
    [JsonPropertyName("method")] public string Method { get; init; } = "wilson-95";

    public static AccuracyMetrics From(int correct, int total)
    {
        var (low, high) = WilsonInterval.Compute(correct, total);
        return new AccuracyMetrics
        {
            Value = total == 0 ? 0 : (double)correct / total,
            Correct = correct,
            Total = total,
            CiLow = low,
            CiHigh = high,
        };
    }
}
