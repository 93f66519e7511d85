namespace LlmDistill.Evaluation.Reports.Input;

/// <summary>One scored answer from a run's predictions.parquet.</summary>
public sealed record ScoredAnswer(
    string Instruction,
    string Input,
    string? Reference,
    string? Rationale,
    string? Answer,
    string? Output,
    bool Correct,
    bool ParseFailed,
    long? CompletionTokens,
    double? LatencyMs);
