using System.Text.Json.Serialization;

namespace LlmDistill.Evaluation.Metrics;

/// <summary>Why a model was evaluated; the report groups runs by it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModelRole>))]
public enum ModelRole
{
    [JsonStringEnumMemberName("student")] Student = 0,
    [JsonStringEnumMemberName("teacher")] Teacher = 1,
    [JsonStringEnumMemberName("baseline")] Baseline = 2,
}
