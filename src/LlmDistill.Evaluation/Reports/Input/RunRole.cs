namespace LlmDistill.Evaluation.Reports.Input;

/// <summary>What a run's model is in the experiment (metrics.json <c>model.role</c>).</summary>
public enum RunRole
{
    Teacher,
    Student,
    Baseline,
}
