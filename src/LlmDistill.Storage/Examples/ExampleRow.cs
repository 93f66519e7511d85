using System.Text.Json.Serialization;
using LlmDistill.Core.Examples;
using Parquet.Serialization.Attributes;

namespace LlmDistill.Storage.Examples;

/// <summary>
/// The Parquet shape of an <see cref="Example"/>, for Parquet.Net's serializer: mutable, column names from
/// <see cref="ExampleColumns"/>, and <c>required</c> (non-null) columns marked so that pyarrow reports them
/// as <c>not null</c>. Property order is column order.
/// </summary>
internal sealed class ExampleRow
{
    [JsonPropertyName(ExampleColumns.Id), ParquetRequired] public string Id { get; set; } = "";
    [JsonPropertyName(ExampleColumns.Task), ParquetRequired] public string Task { get; set; } = "";
    [JsonPropertyName(ExampleColumns.Instruction), ParquetRequired] public string Instruction { get; set; } = "";
    [JsonPropertyName(ExampleColumns.Input), ParquetRequired] public string Input { get; set; } = "";
    [JsonPropertyName(ExampleColumns.Reference)] public string? Reference { get; set; }
    [JsonPropertyName(ExampleColumns.Rationale)] public string? Rationale { get; set; }
    [JsonPropertyName(ExampleColumns.Answer)] public string? Answer { get; set; }
    [JsonPropertyName(ExampleColumns.Output)] public string? Output { get; set; }
    [JsonPropertyName(ExampleColumns.Teacher), ParquetRequired] public string Teacher { get; set; } = "";
    [JsonPropertyName(ExampleColumns.Template), ParquetRequired] public string Template { get; set; } = "";
    [JsonPropertyName(ExampleColumns.SampleIndex)] public int SampleIndex { get; set; }
    [JsonPropertyName(ExampleColumns.Temperature)] public double Temperature { get; set; }
    [JsonPropertyName(ExampleColumns.PromptTokens)] public int? PromptTokens { get; set; }
    [JsonPropertyName(ExampleColumns.CompletionTokens)] public int? CompletionTokens { get; set; }
    [JsonPropertyName(ExampleColumns.LatencyMs)] public long LatencyMs { get; set; }
    [JsonPropertyName(ExampleColumns.FinishReason)] public string? FinishReason { get; set; }
    [JsonPropertyName(ExampleColumns.Status), ParquetRequired] public string Status { get; set; } = "";
    [JsonPropertyName(ExampleColumns.TopLogprobs)] public List<LogprobRow>? TopLogprobs { get; set; }

    // An INT64 timestamp with the UTC flag, which every reader maps to a UTC timestamp; Parquet.Net's
    // default for DateTime is the deprecated INT96.
    [JsonPropertyName(ExampleColumns.CreatedAt)]
    [ParquetTimestamp(ParquetTimestampResolution.Microseconds, useLogicalTimestamp: true, isAdjustedToUTC: true)]
    public DateTime CreatedAt { get; set; }

    /// <summary>One element of <c>top_logprobs</c>: <c>struct{position int32, token string, id int32?, logprob float}</c>.</summary>
    internal sealed class LogprobRow
    {
        [JsonPropertyName("position")] public int Position { get; set; }
        [JsonPropertyName("token"), ParquetRequired] public string Token { get; set; } = "";
        [JsonPropertyName("id")] public int? Id { get; set; }
        [JsonPropertyName("logprob")] public float Logprob { get; set; }
    }

    public static ExampleRow From(Example e) => new()
    {
        Id = e.Id,
        Task = e.Task,
        Instruction = e.Instruction,
        Input = e.Input,
        Reference = e.Reference,
        Rationale = e.Rationale,
        Answer = e.Answer,
        Output = e.Output,
        Teacher = e.Teacher,
        Template = e.Template,
        SampleIndex = e.SampleIndex,
        Temperature = e.Temperature,
        PromptTokens = e.PromptTokens,
        CompletionTokens = e.CompletionTokens,
        LatencyMs = e.LatencyMs,
        FinishReason = e.FinishReason,
        Status = e.Status,
        TopLogprobs = e.TopLogprobs?.Select(t => new LogprobRow
        {
            Position = t.Position, Token = t.Token, Id = t.Id, Logprob = t.Logprob,
        }).ToList(),
        CreatedAt = ToUtc(e.CreatedAt),
    };

    public Example ToExample() => new()
    {
        Id = Id,
        Task = Task,
        Instruction = Instruction,
        Input = Input,
        Reference = Reference,
        Rationale = Rationale,
        Answer = Answer,
        Output = Output,
        Teacher = Teacher,
        Template = Template,
        SampleIndex = SampleIndex,
        Temperature = Temperature,
        PromptTokens = PromptTokens,
        CompletionTokens = CompletionTokens,
        LatencyMs = LatencyMs,
        FinishReason = FinishReason,
        Status = Status,
        TopLogprobs = TopLogprobs?.Select(t => new TopLogprob(t.Position, t.Token, t.Id, t.Logprob)).ToList(),
        CreatedAt = DateTime.SpecifyKind(CreatedAt, DateTimeKind.Utc),
    };

    // A timestamp without a kind is taken as UTC (what DateTime.UtcNow gives once it has been through a
    // serializer); a local one is converted, so that the column never mixes zones.
    private static DateTime ToUtc(DateTime t) => t.Kind switch
    {
        DateTimeKind.Local => t.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(t, DateTimeKind.Utc),
        _ => t,
    };
}
