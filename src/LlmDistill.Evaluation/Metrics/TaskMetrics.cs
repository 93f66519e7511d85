using System.Text.Json.Serialization;

namespace LlmDistill.Evaluation.Metrics;

/// <summary>metrics.json <c>tasks</c>: the test split.</summary>
public sealed record TaskMetrics
{
    /// <summary>The tasks file as given; null when the items did not come from a file (built-in task).</summary>
    [JsonPropertyName("path")] public string? Path { get; init; }

    /// <summary>The question format: a template id <c>name@sha256</c>, or <c>student:cot</c> / <c>student:answer</c>.</summary>
    [JsonPropertyName("template")] public required string Template { get; init; }

    /// <summary>Questions evaluated.</summary>
    [JsonPropertyName("count")] public int Count { get; init; }
}
