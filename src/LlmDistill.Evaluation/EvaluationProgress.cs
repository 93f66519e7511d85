namespace LlmDistill.Evaluation;

/// <summary>
/// Requests completed so far out of <see cref="Total"/> (one per question, two for a step-by-step student, whose
/// rationale prompts run after all answers), and how many answers were correct.
/// </summary>
public readonly record struct EvaluationProgress(int Completed, int Total, int Correct);
