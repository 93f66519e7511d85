using LlmDistill.Evaluation.Reports.Input;

namespace LlmDistill.Evaluation.Reports.Content;

/// <summary>The right and wrong answers shown for one run.</summary>
internal sealed record SampleSet(EvaluatedRun Run, IReadOnlyList<ScoredAnswer> Right, IReadOnlyList<ScoredAnswer> Wrong);
