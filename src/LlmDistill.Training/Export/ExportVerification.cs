using LlmDistill.Gguf;

namespace LlmDistill.Training.Export;

/// <summary>How closely llama.cpp, running an exported GGUF, reproduced TorchSharp's forward pass.</summary>
/// <param name="WeightType">The export's weight type (it sets the tolerance).</param>
/// <param name="MaxAbsDifference">Largest |llama.cpp logit − TorchSharp logit| over every prompt, position and token.</param>
/// <param name="Tolerance">The bound <paramref name="MaxAbsDifference"/> must not exceed.</param>
/// <param name="MaxAbsLogit">Largest |TorchSharp logit|, for scale: a difference means little against logits that are all ~0.</param>
/// <param name="PromptCount">Probe prompts run.</param>
/// <param name="PositionCount">Positions compared (each a full vocabulary row).</param>
/// <param name="GreedyChecked">Whether greedy continuations were compared (by default for F32 only).</param>
/// <param name="GreedyMismatches">Prompts whose greedy continuation differed, as "prompt i: torch [..] llama [..]".</param>
public sealed record ExportVerification(
    GgufTensorType WeightType,
    double MaxAbsDifference,
    double Tolerance,
    double MaxAbsLogit,
    int PromptCount,
    int PositionCount,
    bool GreedyChecked,
    IReadOnlyList<string> GreedyMismatches)
{
    public bool Passed => MaxAbsDifference <= Tolerance && GreedyMismatches.Count == 0;
}
