using System.Text.Json.Serialization;

namespace LlmDistill.Evaluation.Metrics;

/// <summary>
/// <c>metrics.json</c> of one evaluation: snake_case, one object, written last (its presence marks the eval
/// directory complete). <c>llm-distill report</c> reads exactly these names; add fields, never rename them, and
/// raise <see cref="SchemaVersion"/> when a field changes meaning.
/// </summary>
public sealed record EvaluationMetrics
{
    public const int CurrentSchemaVersion = 1;

    [JsonPropertyName("schema_version")] public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>What was evaluated.</summary>
    [JsonPropertyName("model")] public required ModelMetrics Model { get; init; }

    /// <summary>The test split and how it was prompted.</summary>
    [JsonPropertyName("tasks")] public required TaskMetrics Tasks { get; init; }

    /// <summary>Exact match of the parsed answer with the reference (after answer normalisation).</summary>
    [JsonPropertyName("accuracy")] public required AccuracyMetrics Accuracy { get; init; }

    /// <summary>Share of completions with no answer (no marker, or nothing after it); they count as wrong.</summary>
    [JsonPropertyName("parse_failure_rate")] public double ParseFailureRate { get; init; }

    /// <summary>
    /// Requests the source gave up on (an HTTP teacher after its retries); they are in predictions with
    /// <c>finish_reason</c> <c>failed:…</c> and count as wrong and as parse failures.
    /// </summary>
    [JsonPropertyName("failed_requests")] public int FailedRequests { get; init; }

    /// <summary>
    /// Share of questions, among those the teacher answered, where this model's answer equals the teacher's
    /// (right or wrong); null without a teacher or when no question matched one.
    /// </summary>
    [JsonPropertyName("teacher_agreement")] public double? TeacherAgreement { get; init; }

    /// <summary>
    /// Mean ROUGE-L F1 of this model's rationale against the teacher's, over questions with a teacher rationale;
    /// null without a teacher, or for a format without rationales (answer-only).
    /// </summary>
    [JsonPropertyName("rationale_rouge_l")] public double? RationaleRougeL { get; init; }

    /// <summary>Where the teacher answers came from and how many questions they covered; null without a teacher.</summary>
    [JsonPropertyName("teacher")] public TeacherMetrics? Teacher { get; init; }

    [JsonPropertyName("speed")] public required SpeedMetrics Speed { get; init; }

    [JsonPropertyName("sampling")] public required SamplingMetrics Sampling { get; init; }

    /// <summary>Peak resident memory of the process (Linux VmHWM); null where it cannot be read. See <see cref="PeakRssScope"/>.</summary>
    [JsonPropertyName("peak_rss_bytes")] public long? PeakRssBytes { get; init; }

    /// <summary>
    /// <c>eval</c>: the peak was reset when the evaluation started, so it covers the evaluation plus what the
    /// process already held; <c>process</c>: the reset was refused and the peak covers the whole process life.
    /// </summary>
    [JsonPropertyName("peak_rss_scope")] public string PeakRssScope { get; init; } = "eval";

    /// <summary>Free-form labels set by the caller so reports can group runs (objective, student size, …).</summary>
    [JsonPropertyName("labels")] public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>When the evaluation finished, UTC.</summary>
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }
}
