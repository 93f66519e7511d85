using LlmDistill.Core.Prompts;

namespace LlmDistill.Training.Data;

/// <summary>
/// One training sequence: BOS, prompt tokens, target tokens, EOS. The model learns to predict
/// position i+1 from positions ≤ i; only predictions of target tokens and EOS carry loss.
/// </summary>
/// <param name="Tokens">BOS + prompt + target + EOS (possibly cut to the context length + 1).</param>
/// <param name="PromptLength">Leading tokens (BOS + prompt) that are never predicted for loss.</param>
/// <param name="Target">Which loss term the target tokens belong to.</param>
public sealed record TokenizedExample(int[] Tokens, int PromptLength, StudentFormat.Target Target)
{
    /// <summary>
    /// For token KD: the teacher's distribution for each target token (and the final EOS), in order:
    /// entry j belongs to <c>Tokens[PromptLength + j]</c>. Null when the example has none.
    /// </summary>
    public IReadOnlyList<TeacherPosition>? Teacher { get; init; }

    /// <summary>Positions whose next token is a target token: they carry loss.</summary>
    public int TargetTokenCount => Math.Max(0, Tokens.Length - PromptLength);
}
