using LlmDistill.Evaluation.Metrics;
using LlmDistill.Evaluation.Output;

namespace LlmDistill.Evaluation;

/// <summary>A finished evaluation: what was written to <see cref="OutputDirectory"/>.</summary>
public sealed record EvaluationResult(string OutputDirectory, EvaluationMetrics Metrics, IReadOnlyList<Prediction> Predictions);
