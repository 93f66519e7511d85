using System.Globalization;
using LlmDistill.Core.Errors;
using LlmDistill.Gguf;
using LlmDistill.Training.Export;
using Xunit.Abstractions;

namespace LlmDistill.Training.Tests.Export;

/// <summary>
/// The verification must catch the classic layout bugs (DESIGN.md, "Student model"): files that load
/// and run in llama.cpp but compute something else.
/// </summary>
public class WrongExportTests(ITestOutputHelper output)
{
    public enum Bug
    {
        /// <summary>HF→GGUF permutation applied to K with n_head instead of n_head_kv (the GQA bug).</summary>
        KPermutedWithHeadCount,

        /// <summary>The right HF→GGUF permutation for Q and K, applied to a student that already rotates pairs.</summary>
        HalfSplitPermutationOnPairRotation,
    }

    [Theory]
    [InlineData(Bug.KPermutedWithHeadCount)]
    [InlineData(Bug.HalfSplitPermutationOnPairRotation)]
    public async Task A_wrong_Q_K_layout_fails_verification(Bug bug)
    {
        using var dir = new TempDirectory();
        var config = ParityModels.Config(heads: 4, kvHeads: 2, tied: false);
        using var model = ParityModels.Create(config);
        using var wrong = ParityModels.Create(config); // same seed: the same weights, then the bug
        for (var layer = 0; layer < config.LayerCount; layer++)
        {
            var q = $"blk.{layer}.attn.q.weight";
            var k = $"blk.{layer}.attn.k.weight";
            var kHeads = bug == Bug.KPermutedWithHeadCount ? config.HeadCount : config.KvHeadCount;
            ParityModels.Set(wrong, k, RopeLayout.HalfSplitToPairs(ParityModels.Get(model, k), kHeads, config.EmbeddingSize));
            if (bug == Bug.HalfSplitPermutationOnPairRotation)
                ParityModels.Set(wrong, q, RopeLayout.HalfSplitToPairs(ParityModels.Get(model, q), config.HeadCount, config.EmbeddingSize));
        }
        var path = Path.Combine(dir.Path, "wrong.gguf");
        GgufExporter.Export(wrong, StudentTokenizerMetadata.For(ParityModels.Tokenizer), path);

        var measured = await ExportVerifier.CompareAsync(model, path, GgufTensorType.F32, ParityModels.Prompts(config), new VerificationOptions { Threads = 1 });
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{bug}: max |Δlogit| = {measured.MaxAbsDifference:G4} (max |logit| {measured.MaxAbsLogit:F2}), greedy mismatches {measured.GreedyMismatches.Count}/{measured.PromptCount}"));
        // Far outside even the loosest (Q8_0) bound: the check catches the bug whatever the export type.
        Assert.True(measured.MaxAbsDifference > 2 * ExportVerifier.DefaultTolerance(GgufTensorType.Q8_0, measured.MaxAbsLogit), $"{measured.MaxAbsDifference}");

        var error = await Assert.ThrowsAsync<ComputationException>(() =>
            ExportVerifier.VerifyAsync(model, path, GgufTensorType.F32, ParityModels.Prompts(config), new VerificationOptions { Threads = 1 }));
        Assert.Contains("export verification failed", error.Message, StringComparison.Ordinal);
    }
}
