using LlmDistill.Core.Errors;
using LlmDistill.Training.Model;
using static TorchSharp.torch;

namespace LlmDistill.Training.Tests.Model;

public class StudentModelTests
{
    private static readonly StudentConfig Small = new()
    {
        VocabSize = 50, EmbeddingSize = 32, LayerCount = 2, HeadCount = 4, KvHeadCount = 2, FeedForwardSize = 64, ContextLength = 32,
    };

    [Theory]
    [InlineData("micro", 150_000, 200_000)]
    [InlineData("tiny", 300_000, 400_000)]
    [InlineData("small", 3_000_000, 3_600_000)]
    public void Presets_have_the_documented_size_and_the_model_has_as_many_parameters_as_the_config_says(string preset, long min, long max)
    {
        var config = StudentConfig.Preset(preset, vocabSize: 259);
        using var model = new StudentModel(config);
        Assert.Equal(config.ParameterCount(), model.CountParameters());
        Assert.InRange(config.ParameterCount(), min, max);
    }

    [Fact]
    public void Large_presets_are_counted_without_allocating()
    {
        Assert.InRange(StudentConfig.Preset("medium", 32_000).ParameterCount(), 30_000_000, 45_000_000);
        Assert.InRange(StudentConfig.Preset("large", 32_000).ParameterCount(), 90_000_000, 120_000_000);
        Assert.Throws<InvalidInputException>(() => StudentConfig.Preset("huge", 100));
        Assert.Throws<InvalidInputException>(() => (Small with { KvHeadCount = 3 }).Validated());
    }

    [Fact]
    public void The_same_seed_gives_the_same_weights_and_another_seed_others()
    {
        using var a = new StudentModel(Small, seed: 5);
        using var b = new StudentModel(Small, seed: 5);
        using var c = new StudentModel(Small, seed: 6);
        var weights = a.state_dict();
        Assert.All(b.state_dict(), p => Assert.True(p.Value.allclose(weights[p.Key], rtol: 0, atol: 0), p.Key));
        Assert.False(c.state_dict()["token_embd.weight"].allclose(weights["token_embd.weight"]));
    }

    [Fact]
    public void Untied_head_adds_one_vocabulary_matrix()
    {
        using var tied = new StudentModel(Small);
        using var untied = new StudentModel(Small with { TiedEmbeddings = false });
        Assert.Equal(tied.CountParameters() + 50 * 32, untied.CountParameters());
    }

    [Fact]
    public void Forward_gives_logits_per_position()
    {
        using var scope = NewDisposeScope();
        using var model = new StudentModel(Small);
        var logits = model.forward(randint(0, 50, [3, 7]));
        Assert.Equal(new long[] { 3, 7, 50 }, logits.shape);
        Assert.Equal(ScalarType.Float32, logits.dtype);
    }

    [Fact]
    public void Changing_a_future_token_leaves_earlier_logits_unchanged()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var model = new StudentModel(Small);
        var tokens = randint(0, 50, [1, 10]);
        var changed = tokens.clone();
        changed[0, 6] = (tokens[0, 6] + 1) % 50;
        using var noGrad = no_grad();
        var a = model.forward(tokens);
        var b = model.forward(changed);
        Assert.True(a[.., ..6].allclose(b[.., ..6], rtol: 0, atol: 1e-6), "positions before the change moved");
        Assert.False(a[.., 6..].allclose(b[.., 6..], rtol: 0, atol: 1e-4), "the changed position did not move");
    }

    [Fact]
    public void Parameter_names_map_one_to_one_onto_llama_cpp_tensor_names()
    {
        using var model = new StudentModel(Small with { LayerCount = 1, TiedEmbeddings = false });
        var names = model.named_parameters().Select(p => LlamaTensorNames.ToGguf(p.name)).Order().ToArray();
        string[] expected =
        [
            "blk.0.attn_k.weight", "blk.0.attn_norm.weight", "blk.0.attn_output.weight", "blk.0.attn_q.weight", "blk.0.attn_v.weight",
            "blk.0.ffn_down.weight", "blk.0.ffn_gate.weight", "blk.0.ffn_norm.weight", "blk.0.ffn_up.weight",
            "output.weight", "output_norm.weight", "token_embd.weight",
        ];
        Assert.Equal(expected, names);
        Assert.All(model.named_parameters(), p => Assert.Equal(p.name, LlamaTensorNames.FromGguf(LlamaTensorNames.ToGguf(p.name))));
    }

    [Fact]
    public void Bf16_compute_stays_close_to_fp32_and_returns_fp32_logits()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        using var model = new StudentModel(Small);
        var tokens = randint(0, 50, [2, 8]);
        using var noGrad = no_grad();
        var full = model.forward(tokens);
        model.ComputeType = ScalarType.BFloat16;
        var half = model.forward(tokens);
        Assert.Equal(ScalarType.Float32, half.dtype);
        Assert.True(full.allclose(half, rtol: 0, atol: 0.05), $"max diff {(full - half).abs().max().item<float>()}");
    }
}
