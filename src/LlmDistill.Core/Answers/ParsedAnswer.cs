namespace LlmDistill.Core.Answers;

/// <summary>A teacher's or student's output split into its rationale and final answer.</summary>
/// <param name="Rationale">The reasoning before the answer marker, trimmed; empty when there is none.</param>
/// <param name="Answer">The final answer, normalised; null when none could be found.</param>
public sealed record ParsedAnswer(string Rationale, string? Answer)
{
    public bool Succeeded => Answer is not null;
}
