namespace LlmDistill.Evaluation.Reports.Input;

/// <summary>Exact-match accuracy as a fraction in [0, 1], with its confidence interval when the evaluator gave one.</summary>
public sealed record RunAccuracy(double Value, int? Correct, int? Total, double? CiLow, double? CiHigh, string? Method)
{
    public bool HasInterval => CiLow is not null && CiHigh is not null;
}
