using LlmDistill.Training.Data;
using LlmDistill.Training.Export;
using LlmDistill.Training.Model;
using static TorchSharp.torch;

namespace LlmDistill.Training.Tests.Export;

/// <summary>Small students with weights large enough that logits spread over tens of units (GPT-2 init gives ~0.1).</summary>
internal static class ParityModels
{
    public static readonly ByteTokenizer Tokenizer = new();

    /// <summary>Every dimension a multiple of 32, so Q8_0 quantizes every matrix.</summary>
    public static StudentConfig Config(int heads, int kvHeads, bool tied) => new()
    {
        VocabSize = Tokenizer.VocabSize, EmbeddingSize = 64, LayerCount = 2, HeadCount = heads, KvHeadCount = kvHeads,
        FeedForwardSize = 160, ContextLength = 64, TiedEmbeddings = tied,
    };

    /// <summary>
    /// Matrices N(0, 1/fan-in) (embedding and head N(0, 1)), norms 1 ± 0.2: attention is far from uniform and
    /// logits have a standard deviation of several units, so a misplaced row shows.
    /// </summary>
    public static StudentModel Create(StudentConfig config, long seed = 3)
    {
        var model = new StudentModel(config, seed);
        using var noGrad = no_grad();
        using var generator = new Generator((ulong)seed + 1000);
        foreach (var (name, parameter) in model.named_parameters())
        {
            using var scope = NewDisposeScope();
            var noise = randn(parameter.shape, generator: generator);
            if (name.EndsWith("norm.weight", StringComparison.Ordinal))
                parameter.copy_(1 + (0.2 * noise));
            else if (name is "token_embd.weight" or "output.weight")
                parameter.copy_(noise);
            else
                parameter.copy_(noise / Math.Sqrt(parameter.shape[1]));
        }
        return model;
    }

    public static IReadOnlyList<int[]> Prompts(StudentConfig config) => ExportVerifier.ProbePrompts(Tokenizer, config.ContextLength);

    /// <summary>Replaces one parameter's values (for exports made deliberately wrong).</summary>
    public static void Set(StudentModel model, string name, float[] values)
    {
        using var noGrad = no_grad();
        var parameter = model.named_parameters().Single(p => p.name == name).parameter;
        using var replacement = tensor(values).view(parameter.shape);
        parameter.copy_(replacement);
    }

    public static float[] Get(StudentModel model, string name) =>
        GgufExporter.Weights(model).Single(w => w.Name == LlamaTensorNames.ToGguf(name)).Values;
}
