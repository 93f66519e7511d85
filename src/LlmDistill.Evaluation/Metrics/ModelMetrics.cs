using System.Text.Json.Serialization;

namespace LlmDistill.Evaluation.Metrics;

/// <summary>metrics.json <c>model</c>: the evaluated model. File fields are null for an HTTP model.</summary>
public sealed record ModelMetrics
{
    /// <summary>The GGUF's <c>general.name</c>, else its file name; or the endpoint's model name.</summary>
    [JsonPropertyName("name")] public required string Name { get; init; }

    /// <summary>Full path of the GGUF; null for an HTTP model.</summary>
    [JsonPropertyName("path")] public string? Path { get; init; }

    /// <summary><c>teacher</c>, <c>student</c> or <c>baseline</c>.</summary>
    [JsonPropertyName("role")] public ModelRole Role { get; init; }

    [JsonPropertyName("file_bytes")] public long? FileBytes { get; init; }

    /// <summary>Elements of all tensors in the GGUF (embeddings and output head included).</summary>
    [JsonPropertyName("parameters")] public long? Parameters { get; init; }

    /// <summary><c>general.architecture</c>, e.g. <c>llama</c>.</summary>
    [JsonPropertyName("architecture")] public string? Architecture { get; init; }

    /// <summary>The tensor type holding most weights: <c>F32</c>, <c>F16</c>, <c>BF16</c>, <c>Q8_0</c>, ….</summary>
    [JsonPropertyName("tensor_type")] public string? TensorType { get; init; }
}
