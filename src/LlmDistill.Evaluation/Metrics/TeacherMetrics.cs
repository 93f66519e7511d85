using System.Text.Json.Serialization;

namespace LlmDistill.Evaluation.Metrics;

/// <summary>metrics.json <c>teacher</c>: the teacher answers compared against.</summary>
public sealed record TeacherMetrics
{
    /// <summary>The teacher's dataset folder or predictions.parquet.</summary>
    [JsonPropertyName("source")] public required string Source { get; init; }

    /// <summary>Questions found among the teacher's (by instruction and input).</summary>
    [JsonPropertyName("matched")] public int Matched { get; init; }

    /// <summary>Matched questions where the teacher had an answer: the denominator of <c>teacher_agreement</c>.</summary>
    [JsonPropertyName("compared")] public int Compared { get; init; }

    /// <summary>Compared questions where both answers are equal.</summary>
    [JsonPropertyName("agreed")] public int Agreed { get; init; }
}
