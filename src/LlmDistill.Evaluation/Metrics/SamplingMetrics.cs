using System.Text.Json.Serialization;

namespace LlmDistill.Evaluation.Metrics;

/// <summary>metrics.json <c>sampling</c>: how answers were decoded.</summary>
public sealed record SamplingMetrics
{
    /// <summary>0 = greedy.</summary>
    [JsonPropertyName("temperature")] public double Temperature { get; init; }

    [JsonPropertyName("seed")] public uint? Seed { get; init; }

    [JsonPropertyName("max_tokens")] public int MaxTokens { get; init; }
}
