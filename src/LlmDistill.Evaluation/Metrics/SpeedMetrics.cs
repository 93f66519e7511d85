using System.Text.Json.Serialization;

namespace LlmDistill.Evaluation.Metrics;

/// <summary>
/// metrics.json <c>speed</c>. Times are measured per request while <see cref="ParallelSequences"/> requests run
/// together, so they describe the model under batched load, as evaluated. Percentiles are null when the source
/// reports no token times (an HTTP teacher that does not stream).
/// </summary>
public sealed record SpeedMetrics
{
    /// <summary>Tokens generated over all questions (end-of-sequence tokens included).</summary>
    [JsonPropertyName("generated_tokens")] public long GeneratedTokens { get; init; }

    /// <summary>Aggregate throughput: <see cref="GeneratedTokens"/> / <see cref="WallSeconds"/>.</summary>
    [JsonPropertyName("tokens_per_second")] public double TokensPerSecond { get; init; }

    /// <summary>Time to first token: from a request's start to its first generated token (prompt processing included).</summary>
    [JsonPropertyName("ttft_ms_p50")] public double? TtftMsP50 { get; init; }

    [JsonPropertyName("ttft_ms_p95")] public double? TtftMsP95 { get; init; }

    /// <summary>Per-token latency of a request: (last token time − first token time) / (tokens − 1).</summary>
    [JsonPropertyName("per_token_ms_p50")] public double? PerTokenMsP50 { get; init; }

    [JsonPropertyName("per_token_ms_p95")] public double? PerTokenMsP95 { get; init; }

    /// <summary>Wall time of generating all answers (not loading the model, not writing files).</summary>
    [JsonPropertyName("wall_seconds")] public double WallSeconds { get; init; }

    /// <summary>Requests kept in flight: sequences per llama.cpp batch for a GGUF.</summary>
    [JsonPropertyName("parallel_sequences")] public int ParallelSequences { get; init; }
}
