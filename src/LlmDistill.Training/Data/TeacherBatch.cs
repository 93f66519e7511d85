using static TorchSharp.torch;

namespace LlmDistill.Training.Data;

/// <summary>The teacher's distributions for a batch, aligned with <see cref="Batch.Labels"/>.</summary>
/// <param name="Ids">(B, T, K) int64 teacher token ids (0 where absent).</param>
/// <param name="Logprobs">(B, T, K) fp32 teacher log-probabilities, <see cref="Absent"/> where absent.</param>
/// <param name="Mask">(B, T) fp32: 1 at positions with a teacher distribution.</param>
public sealed record TeacherBatch(Tensor Ids, Tensor Logprobs, Tensor Mask)
{
    /// <summary>A log-probability whose probability is 0 in fp32, without the NaNs of −∞.</summary>
    public const float Absent = -1e4f;
}
