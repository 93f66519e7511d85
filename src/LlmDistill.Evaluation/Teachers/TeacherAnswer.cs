namespace LlmDistill.Evaluation.Teachers;

/// <summary>A teacher's answer and rationale to one question, keyed by the question's instruction and input.</summary>
/// <param name="Answer">The teacher's parsed answer; null when it gave none.</param>
/// <param name="Rationale">The teacher's rationale; null or empty when it gave none.</param>
public sealed record TeacherAnswer(string Instruction, string Input, string? Answer, string? Rationale);
