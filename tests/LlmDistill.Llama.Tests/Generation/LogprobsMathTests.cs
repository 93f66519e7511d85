using LlmDistill.Llama.Generation;

namespace LlmDistill.Llama.Tests.Generation;

public class LogprobsMathTests
{
    [Fact]
    public void Log_sum_exp_is_stable_for_large_logits()
    {
        float[] logits = [1000f, 1000f];

        Assert.Equal(1000f + MathF.Log(2), Logprobs.LogSumExp(logits), 3);
    }

    [Fact]
    public void Top_k_orders_by_logit_then_by_id()
    {
        float[] logits = [0f, 3f, 1f, 3f, -2f];
        var lse = Logprobs.LogSumExp(logits);

        var top = Logprobs.TopK(logits, lse, 3);

        Assert.Equal([1, 3, 2], top.Select(t => t.TokenId));
        Assert.Equal(3f - lse, top[0].Logprob, 5);
        Assert.Equal(5, Logprobs.TopK(logits, lse, 50).Length);
    }
}
