namespace LlmDistill.Llama.Generation;

/// <summary>Log-softmax of a logits row, computed in managed code (llama.cpp returns raw logits).</summary>
internal static class Logprobs
{
    /// <summary>log Σ exp(x), stable (max subtracted).</summary>
    public static float LogSumExp(ReadOnlySpan<float> logits)
    {
        var max = float.NegativeInfinity;
        foreach (var x in logits)
            max = Math.Max(max, x);
        if (float.IsNegativeInfinity(max))
            return max;
        double sum = 0;
        foreach (var x in logits)
            sum += Math.Exp(x - max);
        return (float)(max + Math.Log(sum));
    }

    /// <summary>The <paramref name="k"/> most likely tokens, most likely first (ties: lower id first).</summary>
    public static TokenLogprob[] TopK(ReadOnlySpan<float> logits, float logSumExp, int k)
    {
        k = Math.Min(k, logits.Length);
        if (k <= 0)
            return [];
        // Min-heap of the best k seen so far, keyed so that the worst candidate is on top.
        var heap = new PriorityQueue<int, (float Logit, int NegId)>(k + 1);
        for (var i = 0; i < logits.Length; i++)
        {
            var key = (logits[i], -i);
            if (heap.Count < k)
            {
                heap.Enqueue(i, key);
            }
            else if (heap.TryPeek(out _, out var worst) && key.CompareTo(worst) > 0)
            {
                heap.EnqueueDequeue(i, key);
            }
        }
        var result = new TokenLogprob[heap.Count];
        for (var j = result.Length - 1; j >= 0; j--)
        {
            var id = heap.Dequeue();
            result[j] = new TokenLogprob(id, logits[id] - logSumExp);
        }
        return result;
    }
}
