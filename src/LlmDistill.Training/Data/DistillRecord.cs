namespace LlmDistill.Training.Data;

/// <summary>
/// One training row: a question (Alpaca's instruction + input) with the rationale and answer the
/// student should learn — a teacher's output or the task's ground truth.
/// </summary>
/// <param name="Rationale">Step-by-step reasoning; null or empty when the source has none (then only answer targets are made).</param>
public sealed record DistillRecord(string Instruction, string Input, string? Rationale, string Answer)
{
    /// <summary>The teacher's top-k distribution at each token of its output, when the data has it (for token KD).</summary>
    public IReadOnlyList<TeacherPosition>? Teacher { get; init; }
}
