using LlmDistill.Core.Errors;

namespace LlmDistill.Training.Data;

/// <summary>
/// Token-level knowledge distillation (Hinton et al. 2015) from the teacher's top-k log-probabilities
/// stored with each generated token: loss = α·CE + (1−α)·T²·KL(teacher_T ‖ student_T), where both
/// distributions are over the teacher's k tokens plus one "rest" bucket holding the remaining mass.
/// It needs the student to share the teacher's tokenizer, and applies to targets that are the teacher's
/// own output (the chain-of-thought target: rationale, then <c>#### answer</c>).
/// </summary>
/// <param name="TopK">Teacher alternatives used per position (at most what was stored).</param>
/// <param name="Temperature">Softening temperature T for both distributions.</param>
/// <param name="Alpha">Weight of the hard-label cross-entropy; 1−α goes to the distillation term.</param>
public sealed record TokenDistillation(int TopK = 5, double Temperature = 2.0, double Alpha = 0.5)
{
    public void Validate()
    {
        if (TopK is < 1 or > 20)
            throw new InvalidInputException($"--kd-topk {TopK} must be between 1 and 20");
        if (Temperature is <= 0 or > 100 || !double.IsFinite(Temperature))
            throw new InvalidInputException($"--kd-temperature {Temperature} must be positive");
        if (Alpha is < 0 or > 1)
            throw new InvalidInputException($"--kd-alpha {Alpha} must be between 0 and 1");
    }
}
