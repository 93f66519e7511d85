using LlmDistill.Core.Errors;
using LlmDistill.Core.Prompts;

namespace LlmDistill.Training.Data;

/// <summary>What the student is trained to write, and how the per-target losses are mixed.</summary>
public enum ObjectiveKind
{
    /// <summary>Distilling step-by-step: an answer target and a rationale target per question, loss α·L_answer + (1−α)·L_rationale.</summary>
    StepByStep,

    /// <summary>Standard fine-tuning baseline: the answer only.</summary>
    AnswerOnly,

    /// <summary>Chain of thought: one target, rationale then "#### answer".</summary>
    ChainOfThought,
}

/// <summary>An objective and its mixing weight.</summary>
/// <param name="Kind">Which targets each question yields.</param>
/// <param name="Alpha">Weight of the answer loss in <see cref="ObjectiveKind.StepByStep"/> (paper default 0.5); ignored otherwise.</param>
public sealed record Objective(ObjectiveKind Kind = ObjectiveKind.StepByStep, double Alpha = 0.5)
{
    /// <summary>Token-level distillation from the teacher's stored top-k log-probabilities; null = off.</summary>
    public TokenDistillation? Kd { get; init; }

    /// <summary>The objective's command-line name, which is also the evaluator's prompt format for its students.</summary>
    public string Name => Kind switch
    {
        ObjectiveKind.StepByStep => "step-by-step",
        ObjectiveKind.AnswerOnly => "answer-only",
        _ => "cot",
    };

    /// <summary>Parses the CLI spelling: step-by-step | answer-only | cot.</summary>
    public static ObjectiveKind ParseKind(string name) => name.Trim().ToLowerInvariant() switch
    {
        "step-by-step" => ObjectiveKind.StepByStep,
        "answer-only" => ObjectiveKind.AnswerOnly,
        "cot" => ObjectiveKind.ChainOfThought,
        _ => throw new InvalidInputException($"unknown objective '{name}' (known: step-by-step, answer-only, cot)"),
    };

    /// <summary>The targets made from each question, in order.</summary>
    public IReadOnlyList<StudentFormat.Target> Targets => Kind switch
    {
        ObjectiveKind.StepByStep => [StudentFormat.Target.Answer, StudentFormat.Target.Rationale],
        ObjectiveKind.AnswerOnly => [StudentFormat.Target.Answer],
        _ => [StudentFormat.Target.ChainOfThought],
    };

    /// <summary>Loss weight of each target; targets this objective does not make weigh 0.</summary>
    public double Weight(StudentFormat.Target target) => (Kind, target) switch
    {
        (ObjectiveKind.StepByStep, StudentFormat.Target.Answer) => Alpha,
        (ObjectiveKind.StepByStep, StudentFormat.Target.Rationale) => 1 - Alpha,
        (ObjectiveKind.AnswerOnly, StudentFormat.Target.Answer) => 1,
        (ObjectiveKind.ChainOfThought, StudentFormat.Target.ChainOfThought) => 1,
        _ => 0,
    };

    public Objective Validated()
    {
        if (Alpha is < 0 or > 1)
            throw new InvalidInputException($"alpha {Alpha} must be between 0 and 1");
        Kd?.Validate();
        return this;
    }
}
