using System.Text.Json.Serialization;
using Parquet.Serialization.Attributes;

namespace LlmDistill.Evaluation.Output;

/// <summary>
/// The Parquet shape of a <see cref="Prediction"/> for Parquet.Net's serializer: mutable, snake_case column names,
/// non-null columns marked required so that pyarrow reports them as <c>not null</c>. Property order is column order.
/// </summary>
internal sealed class PredictionRow
{
    [JsonPropertyName("id"), ParquetRequired] public string Id { get; set; } = "";
    [JsonPropertyName("task"), ParquetRequired] public string Task { get; set; } = "";
    [JsonPropertyName("instruction"), ParquetRequired] public string Instruction { get; set; } = "";
    [JsonPropertyName("input"), ParquetRequired] public string Input { get; set; } = "";
    [JsonPropertyName("reference"), ParquetRequired] public string Reference { get; set; } = "";
    [JsonPropertyName("rationale"), ParquetRequired] public string Rationale { get; set; } = "";
    [JsonPropertyName("answer")] public string? Answer { get; set; }
    [JsonPropertyName("output"), ParquetRequired] public string Output { get; set; } = "";
    [JsonPropertyName("correct")] public bool Correct { get; set; }
    [JsonPropertyName("parse_failed")] public bool ParseFailed { get; set; }
    [JsonPropertyName("finish_reason"), ParquetRequired] public string FinishReason { get; set; } = "";
    [JsonPropertyName("prompt_tokens")] public int? PromptTokens { get; set; }
    [JsonPropertyName("completion_tokens")] public int CompletionTokens { get; set; }
    [JsonPropertyName("ttft_ms")] public double? TtftMs { get; set; }
    [JsonPropertyName("per_token_ms")] public double? PerTokenMs { get; set; }
    [JsonPropertyName("latency_ms")] public double LatencyMs { get; set; }
    [JsonPropertyName("teacher_answer")] public string? TeacherAnswer { get; set; }
    [JsonPropertyName("teacher_rationale")] public string? TeacherRationale { get; set; }
    [JsonPropertyName("teacher_agrees")] public bool? TeacherAgrees { get; set; }
    [JsonPropertyName("rationale_rouge_l")] public double? RationaleRougeL { get; set; }

    public static PredictionRow From(Prediction p) => new()
    {
        Id = p.Id,
        Task = p.Task,
        Instruction = p.Instruction,
        Input = p.Input,
        Reference = p.Reference,
        Rationale = p.Rationale,
        Answer = p.Answer,
        Output = p.Output,
        Correct = p.Correct,
        ParseFailed = p.ParseFailed,
        FinishReason = p.FinishReason,
        PromptTokens = p.PromptTokens,
        CompletionTokens = p.CompletionTokens,
        TtftMs = p.TtftMs,
        PerTokenMs = p.PerTokenMs,
        LatencyMs = p.LatencyMs,
        TeacherAnswer = p.TeacherAnswer,
        TeacherRationale = p.TeacherRationale,
        TeacherAgrees = p.TeacherAgrees,
        RationaleRougeL = p.RationaleRougeL,
    };

    public Prediction ToPrediction() => new()
    {
        Id = Id,
        Task = Task,
        Instruction = Instruction,
        Input = Input,
        Reference = Reference,
        Rationale = Rationale,
        Answer = Answer,
        Output = Output,
        Correct = Correct,
        ParseFailed = ParseFailed,
        FinishReason = FinishReason,
        PromptTokens = PromptTokens,
        CompletionTokens = CompletionTokens,
        TtftMs = TtftMs,
        PerTokenMs = PerTokenMs,
        LatencyMs = LatencyMs,
        TeacherAnswer = TeacherAnswer,
        TeacherRationale = TeacherRationale,
        TeacherAgrees = TeacherAgrees,
        RationaleRougeL = RationaleRougeL,
    };
}
