using LlmDistill.Core.Prompts;
using static TorchSharp.torch;

namespace LlmDistill.Training.Data;

/// <summary>
/// A collated batch, right-padded. Tensors belong to the dispose scope that was current when
/// <see cref="Collate"/> ran (the trainer's per-step scope).
/// </summary>
/// <param name="Inputs">(B, T) int64 token ids (an unpacked row also feeds its final EOS, without a label); padding is <c>padId</c> (masked out of the loss, and causal attention keeps real tokens from seeing it).</param>
/// <param name="Labels">(B, T) int64 next-token ids, <see cref="Ignore"/> where there is no loss (prompt, padding, example boundaries).</param>
/// <param name="Targets">(B, T) int64 <see cref="StudentFormat.Target"/> of each label, -1 where ignored.</param>
/// <param name="TokenCount">Real (non-padding) input tokens.</param>
public sealed record Batch(Tensor Inputs, Tensor Labels, Tensor Targets, long TokenCount)
{
    /// <summary>The teacher's top-k distributions at the positions that have one (token KD); null when none do.</summary>
    public TeacherBatch? Teacher { get; init; }

    /// <summary>cross_entropy's default ignore_index.</summary>
    public const long Ignore = -100;

    /// <summary>Builds tensors from rows; each row is one example, or several packed end to end.</summary>
    public static Batch Collate(IReadOnlyList<IReadOnlyList<TokenizedExample>> rows, int padId, Device device)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var length = rows.Max(r => r.Sum(e => e.Tokens.Length)) - 1; // T
        var inputs = new long[rows.Count * length];
        var labels = new long[rows.Count * length];
        var targets = new long[rows.Count * length];
        Array.Fill(inputs, padId);
        Array.Fill(labels, Ignore);
        Array.Fill(targets, -1);
        long tokens = 0;
        var k = rows.SelectMany(r => r).Where(e => e.Teacher is not null).SelectMany(e => e.Teacher!).Select(p => p.Ids.Length).DefaultIfEmpty(0).Max();
        var kdIds = k > 0 ? new long[rows.Count * length * k] : null;
        var kdLogprobs = k > 0 ? new float[rows.Count * length * k] : null;
        var kdMask = k > 0 ? new float[rows.Count * length] : null;
        if (kdLogprobs is not null)
            Array.Fill(kdLogprobs, TeacherBatch.Absent);
        for (var b = 0; b < rows.Count; b++)
        {
            var row = b * length;
            var offset = 0;
            foreach (var example in rows[b])
            {
                var t = example.Tokens;
                for (var i = 0; i < t.Length && offset + i < length; i++)
                {
                    inputs[row + offset + i] = t[i];
                    // Position i predicts token i+1; only target tokens and EOS carry loss, and the
                    // last token of an example never predicts the next example's BOS.
                    if (i + 1 >= example.PromptLength && i + 1 < t.Length)
                    {
                        labels[row + offset + i] = t[i + 1];
                        targets[row + offset + i] = (long)example.Target;
                        // Position i predicts t[i+1], the target token j = i + 1 - PromptLength.
                        if (example.Teacher is { } teacher && i + 1 - example.PromptLength < teacher.Count)
                        {
                            var p = teacher[i + 1 - example.PromptLength];
                            var at = row + offset + i;
                            kdMask![at] = 1;
                            for (var j = 0; j < p.Ids.Length; j++)
                            {
                                kdIds![at * k + j] = p.Ids[j];
                                kdLogprobs![at * k + j] = p.Logprobs[j];
                            }
                        }
                    }
                }
                offset += t.Length;
            }
            tokens += Math.Min(offset, length + 1) - 1;
        }
        return new Batch(
            tensor(inputs, [rows.Count, length], device: device),
            tensor(labels, [rows.Count, length], device: device),
            tensor(targets, [rows.Count, length], device: device),
            tokens)
        {
            Teacher = k == 0 ? null : new TeacherBatch(
                tensor(kdIds!, [rows.Count, length, k], device: device),
                tensor(kdLogprobs!, [rows.Count, length, k], device: device),
                tensor(kdMask!, [rows.Count, length], device: device)),
        };
    }
}
