using LlmDistill.Evaluation.Reports.Input;

namespace LlmDistill.Evaluation.Reports.Rendering;

/// <summary>The text of a sample as shown: the question with its input, and the rationale (or raw output if none parsed).</summary>
internal static class SampleText
{
    public static string Question(ScoredAnswer p) =>
        string.IsNullOrWhiteSpace(p.Input) ? p.Instruction.Trim() : p.Instruction.Trim() + "\n" + p.Input.Trim();

    public static string Rationale(ScoredAnswer p) =>
        (!string.IsNullOrWhiteSpace(p.Rationale) ? p.Rationale : p.Output ?? "").Trim();
}
