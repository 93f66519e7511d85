namespace LlmDistill.Evaluation.Output;

/// <summary>
/// One question's outcome: one row of <c>predictions.parquet</c>, in column order. Column names are the
/// snake_case of the property names (<c>parse_failed</c>, <c>ttft_ms</c>, …); Alpaca names for the question.
/// </summary>
public sealed record Prediction
{
    /// <summary>The task item's id.</summary>
    public required string Id { get; init; }

    public required string Task { get; init; }

    public required string Instruction { get; init; }

    /// <summary>Context for the instruction; empty when there is none.</summary>
    public string Input { get; init; } = "";

    /// <summary>The ground-truth answer.</summary>
    public required string Reference { get; init; }

    /// <summary>
    /// The model's reasoning: the text before the answer marker, or for a step-by-step student the completion of its
    /// <c>[rationale]</c> prompt; empty when there is none.
    /// </summary>
    public string Rationale { get; init; } = "";

    /// <summary>The parsed, normalised answer; null when none could be parsed.</summary>
    public string? Answer { get; init; }

    /// <summary>The model's raw completion of the answer prompt.</summary>
    public required string Output { get; init; }

    /// <summary>The answer equals the reference after normalisation.</summary>
    public bool Correct { get; init; }

    /// <summary>No answer could be parsed (counts as wrong).</summary>
    public bool ParseFailed { get; init; }

    /// <summary>
    /// <c>stop</c>, <c>eos</c>, <c>length</c>, <c>context_full</c>, the source's own word, or <c>failed:REASON</c>
    /// when the source gave up on the request (then the output is empty).
    /// </summary>
    public required string FinishReason { get; init; }

    public int? PromptTokens { get; init; }

    /// <summary>Tokens generated for the answer prompt (a step-by-step student's rationale prompt is not counted).</summary>
    public int CompletionTokens { get; init; }

    /// <summary>Time to first token; null when the source reports no token times.</summary>
    public double? TtftMs { get; init; }

    /// <summary>(last − first token time) / (tokens − 1); null with fewer than two tokens.</summary>
    public double? PerTokenMs { get; init; }

    /// <summary>Wall time of the whole request (as <c>latency_ms</c> in the examples dataset).</summary>
    public double LatencyMs { get; init; }

    /// <summary>The teacher's answer to the same question; null without a teacher, unmatched, or when it had none.</summary>
    public string? TeacherAnswer { get; init; }

    public string? TeacherRationale { get; init; }

    /// <summary>Whether this answer equals the teacher's; null when there is no teacher answer to compare.</summary>
    public bool? TeacherAgrees { get; init; }

    /// <summary>ROUGE-L F1 of <see cref="Rationale"/> against the teacher's rationale; null when not computed.</summary>
    public double? RationaleRougeL { get; init; }
}
