using LlmDistill.Core.Prompts;
using LlmDistill.Training.Data;
using static TorchSharp.torch;

namespace LlmDistill.Training.Trainer;

/// <summary>
/// The training loss: token-level cross-entropy averaged separately over each target's tokens, then
/// mixed by the objective's weights — for step-by-step, α·L_answer + (1−α)·L_rationale over the
/// questions of one batch (Hsieh et al. 2023). Prompt and padding positions never contribute.
/// </summary>
public static class DistillLoss
{
    /// <summary>The mixed loss (a scalar with a graph) and each target's mean loss (NaN when the batch had none of it).</summary>
    /// <param name="logits">(B, T, V) fp32.</param>
    /// <param name="labels">(B, T) int64, <see cref="Batch.Ignore"/> for no loss.</param>
    /// <param name="targets">(B, T) int64 target kind per position, -1 for no loss.</param>
    public static (Tensor Total, IReadOnlyDictionary<StudentFormat.Target, double> PerTarget) Compute(
        Tensor logits, Tensor labels, Tensor targets, Objective objective)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(objective);
        using var scope = NewDisposeScope();
        var vocab = logits.shape[^1];
        var perToken = nn.functional.cross_entropy(logits.view(-1, vocab), labels.view(-1),
            ignore_index: Batch.Ignore, reduction: nn.Reduction.None); // (B·T), 0 where ignored
        var kinds = targets.view(-1);
        var total = zeros(1, device: logits.device).squeeze();
        var perTarget = new Dictionary<StudentFormat.Target, double>();
        foreach (var target in objective.Targets)
        {
            var mask = kinds.eq((long)target).to_type(ScalarType.Float32); // (B·T)
            var count = mask.sum();
            var mean = (perToken * mask).sum() / count.clamp_min(1);
            perTarget[target] = count.item<float>() > 0 ? mean.item<float>() : double.NaN;
            total = total + objective.Weight(target) * mean;
        }
        return (total.MoveToOuterDisposeScope(), perTarget);
    }
}
