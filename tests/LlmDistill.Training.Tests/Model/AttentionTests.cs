using LlmDistill.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmDistill.Training.Tests.Model;

public class AttentionTests
{
    private static StudentConfig Config(int kvHeads) => new()
    {
        VocabSize = 10, EmbeddingSize = 32, LayerCount = 1, HeadCount = 4, KvHeadCount = kvHeads, FeedForwardSize = 64,
    };

    [Fact]
    public void Grouped_query_attention_equals_full_attention_with_each_kv_head_repeated_for_its_group()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var gqa = new Attention(Config(kvHeads: 2));
        using var mha = new Attention(Config(kvHeads: 4));
        var weights = gqa.state_dict();
        using (no_grad())
        {
            // kv head j serves query heads 2j and 2j+1: repeat each block of head_dim (= 8) rows twice.
            foreach (var name in new[] { "k.weight", "v.weight" })
                mha.state_dict()[name].copy_(weights[name].view(2, 8, 32).repeat_interleave(2, dim: 0).reshape(32, 32));
            foreach (var name in new[] { "q.weight", "output.weight" })
                mha.state_dict()[name].copy_(weights[name]);
        }
        var x = randn(2, 5, 32);
        using var noGrad = no_grad();
        Assert.True(gqa.forward(x).allclose(mha.forward(x), rtol: 1e-5, atol: 1e-6));
        Assert.Equal(32 * 16, weights["k.weight"].numel()); // (n_head_kv · head_dim) × n_embd
    }

    [Fact]
    public void Rope_rotates_consecutive_pairs_like_llama_cpp_norm_mode()
    {
        using var scope = NewDisposeScope();
        const int d = 8;
        const double theta = 10_000;
        var x = randn(1, 1, 5, d);
        var rotated = new RotaryEmbedding(d, theta).Apply(x);
        var input = x.data<float>().ToArray();
        var actual = rotated.data<float>().ToArray();
        for (var p = 0; p < 5; p++)
        {
            for (var i = 0; i < d / 2; i++)
            {
                // ggml_rope_yarn with mode 0: theta_i = p * base^(-2i/d) on (x[2i], x[2i+1])
                var angle = p * Math.Pow(theta, -2.0 * i / d);
                var (x0, x1) = (input[p * d + 2 * i], input[p * d + 2 * i + 1]);
                Assert.Equal(x0 * Math.Cos(angle) - x1 * Math.Sin(angle), actual[p * d + 2 * i], 1e-5);
                Assert.Equal(x0 * Math.Sin(angle) + x1 * Math.Cos(angle), actual[p * d + 2 * i + 1], 1e-5);
            }
        }
    }
}
