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
    /// <summary>
    /// The mixed loss (a scalar with a graph), its value, and each target's mean loss (NaN when the batch had none of
    /// it). The values come back to the host in one transfer: on a GPU each read is a synchronisation.
    /// </summary>
    /// <param name="logits">(B, T, V) fp32.</param>
    /// <param name="labels">(B, T) int64, <see cref="Batch.Ignore"/> for no loss.</param>
    /// <param name="targets">(B, T) int64 target kind per position, -1 for no loss.</param>
    /// <param name="teacher">The teacher's top-k distributions, for token KD when the objective asks for it.</param>
    public static (Tensor Total, double Value, IReadOnlyDictionary<StudentFormat.Target, double> PerTarget) Compute(
        Tensor logits, Tensor labels, Tensor targets, Objective objective, TeacherBatch? teacher = null)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(objective);
        using var scope = NewDisposeScope();
        var vocab = logits.shape[^1];
        var perToken = nn.functional.cross_entropy(logits.view(-1, vocab), labels.view(-1),
            ignore_index: Batch.Ignore, reduction: nn.Reduction.None); // (B·T), 0 where ignored
        var kinds = targets.view(-1);
        var total = zeros(1, device: logits.device).squeeze();
        var stats = new List<Tensor>(); // count and mean per target
        foreach (var target in objective.Targets)
        {
            var mask = kinds.eq((long)target).to_type(ScalarType.Float32); // (B·T)
            var count = mask.sum();
            var mean = (perToken * mask).sum() / count.clamp_min(1);
            stats.AddRange([count, mean]);
            total = total + objective.Weight(target) * mean;
        }
        if (objective.Kd is { } kd && teacher is not null)
            total = kd.Alpha * total + (1 - kd.Alpha) * Distillation(logits, teacher, kd.Temperature);
        var values = stack([total.detach(), .. stats.Select(t => t.detach())]).cpu().data<float>().ToArray();
        var perTarget = new Dictionary<StudentFormat.Target, double>();
        for (var i = 0; i < objective.Targets.Count; i++)
            perTarget[objective.Targets[i]] = values[1 + 2 * i] > 0 ? values[2 + 2 * i] : double.NaN;
        return (total.MoveToOuterDisposeScope(), values[0], perTarget);
    }

    /// <summary>
    /// T²·KL(teacher_T ‖ student_T) averaged over positions with a teacher distribution. Both sides are
    /// reduced the same way — the teacher's k tokens plus one bucket for the rest of the vocabulary — and
    /// then tempered, so a student equal to its teacher has zero loss.
    /// </summary>
    public static Tensor Distillation(Tensor logits, TeacherBatch teacher, double temperature)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(teacher);
        using var scope = NewDisposeScope();
        var present = teacher.Logprobs.gt(TeacherBatch.Absent / 2).to_type(ScalarType.Float32); // (B, T, K)
        var studentLog = nn.functional.log_softmax(logits, -1).gather(-1, teacher.Ids); // (B, T, K)
        var student = Tempered(studentLog, present, temperature); // (B, T, K+1)
        var tempered = Tempered(teacher.Logprobs, present, temperature);
        var kl = (tempered.exp() * (tempered - student)).sum(-1); // (B, T)
        var positions = teacher.Mask.sum();
        var loss = (kl * teacher.Mask).sum() / positions.clamp_min(1) * (temperature * temperature);
        return loss.MoveToOuterDisposeScope();
    }

    // k log-probabilities (absent ones masked) → k+1 buckets → log-softmax at temperature T.
    private static Tensor Tempered(Tensor logprobs, Tensor present, double temperature)
    {
        var rest = (1 - (logprobs.exp() * present).sum(-1)).clamp_min(1e-8).log(); // (B, T)
        var masked = logprobs * present + (1 - present) * TeacherBatch.Absent;
        return nn.functional.log_softmax(cat([masked, rest.unsqueeze(-1)], -1) / temperature, -1);
    }
}
