using LlmDistill.Training.Import;
using static TorchSharp.torch;

namespace LlmDistill.Training.Tests.Import;

/// <summary>An imported model is an ordinary student: every weight (biases included) trains, in fp32 and in bf16 compute.</summary>
public class ImportedModelTrainingTests
{
    [Fact]
    public void Every_imported_parameter_gets_a_gradient()
    {
        using var dir = new TempDirectory();
        var llama = ImportModels.WriteLlama(Path.Combine(dir.Path, "llama.gguf"), ImportModels.Parameters(4, 2, tied: true));
        using var imported = GgufImporter.Load(ImportModels.WriteQwen2(Path.Combine(dir.Path, "qwen2.gguf"), llama));
        using var scope = NewDisposeScope();
        var tokens = tensor(new long[] { 1, 2, 3, 4, 5, 6 }).view(1, 6);

        var logits = imported.Model.forward(tokens);
        nn.functional.cross_entropy(logits[0, ..^1], tokens[0, 1..]).backward();

        foreach (var (name, parameter) in imported.Model.named_parameters())
            Assert.True(parameter.grad is { } g && g.abs().sum().item<float>() > 0, $"{name} got no gradient");
        Assert.Contains(imported.Model.named_parameters(), p => p.name == "blk.1.attn.k.bias");
    }

    [Fact]
    public void Biases_apply_in_bf16_compute_too()
    {
        using var dir = new TempDirectory();
        var llama = ImportModels.WriteLlama(Path.Combine(dir.Path, "llama.gguf"), ImportModels.Parameters(4, 2, tied: false));
        var withBiases = ImportModels.WriteQwen2(Path.Combine(dir.Path, "qwen2.gguf"), llama);
        var zeroBiases = ImportModels.WriteQwen2(Path.Combine(dir.Path, "qwen2-zero.gguf"), llama, biasStd: 0);
        using var biased = GgufImporter.Load(withBiases);
        using var unbiased = GgufImporter.Load(zeroBiases);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var tokens = tensor(new long[] { 1, 20, 30, 40, 50, 60, 70, 80 }).view(1, 8);

        var fp32 = biased.Model.forward(tokens);
        biased.Model.ComputeType = ScalarType.BFloat16;
        var bf16 = biased.Model.forward(tokens);
        unbiased.Model.ComputeType = ScalarType.BFloat16;
        var bf16NoBias = unbiased.Model.forward(tokens);

        var scale = fp32.abs().max().item<float>();
        var rounding = (bf16 - fp32).abs().max().item<float>();
        var biasEffect = (bf16NoBias - fp32).abs().max().item<float>();
        Assert.True(rounding < 0.1 * scale, $"bf16 differs from fp32 by {rounding} at |logit| ≤ {scale}");
        Assert.True(biasEffect > 2 * rounding, $"biases should matter more than bf16 rounding: {biasEffect} vs {rounding}");
    }
}
