using System.Globalization;
using LlmDistill.Gguf;
using LlmDistill.Training.Export;
using Xunit.Abstractions;

namespace LlmDistill.Training.Tests.Export;

/// <summary>
/// The issue's "export parity": llama.cpp running the exported GGUF reproduces TorchSharp's logits at
/// every position of the probe prompts (MHA and GQA, tied and untied heads) and its greedy decoding.
/// </summary>
public class ExportParityTests(ITestOutputHelper output)
{
    private static readonly VerificationOptions OneThread = new() { Threads = 1 };

    [Theory]
    [InlineData(4, 4, true)]   // MHA, tied head
    [InlineData(4, 4, false)]  // MHA, untied head
    [InlineData(4, 2, false)]  // GQA, untied head
    [InlineData(8, 2, true)]   // GQA, 4 query heads per KV head, tied head
    public async Task F32_export_matches_TorchSharp_logits_and_greedy_decoding(int heads, int kvHeads, bool tied)
    {
        using var dir = new TempDirectory();
        var config = ParityModels.Config(heads, kvHeads, tied);
        using var model = ParityModels.Create(config);
        var path = Path.Combine(dir.Path, "student.gguf");
        GgufExporter.Export(model, StudentTokenizerMetadata.For(ParityModels.Tokenizer), path);

        var result = await ExportVerifier.VerifyAsync(model, path, GgufTensorType.F32, ParityModels.Prompts(config), OneThread);

        Print(result, $"n_head {heads}, n_head_kv {kvHeads}, tied {tied}");
        Assert.True(result.MaxAbsLogit > 5, $"logits too small to show a layout error: {result.MaxAbsLogit}");
        Assert.InRange(result.MaxAbsDifference, 0, 1e-3);
        Assert.True(result.GreedyChecked);
        Assert.Empty(result.GreedyMismatches);
        Assert.Equal(3, result.PromptCount);
        Assert.Equal(!tied, GgufFile.Read(path).ContainsTensor("output.weight"));
    }

    [Theory]
    [InlineData(GgufTensorType.F16, false)]
    [InlineData(GgufTensorType.F16, true)]
    [InlineData(GgufTensorType.Q8_0, false)]
    [InlineData(GgufTensorType.Q8_0, true)]
    public async Task Reduced_precision_exports_stay_within_their_tolerance_and_above_F32s(GgufTensorType type, bool tied)
    {
        using var dir = new TempDirectory();
        var config = ParityModels.Config(4, 2, tied);
        using var model = ParityModels.Create(config);
        var path = Path.Combine(dir.Path, "student.gguf");
        GgufExporter.Export(model, StudentTokenizerMetadata.For(ParityModels.Tokenizer), path, new GgufExportOptions { WeightType = type });

        var result = await ExportVerifier.VerifyAsync(model, path, type, ParityModels.Prompts(config), OneThread with { CheckGreedy = true });

        Print(result, $"{type}, GQA 4/2, tied {tied}");
        Assert.InRange(result.MaxAbsDifference, 1e-3, ExportVerifier.DefaultTolerance(type, result.MaxAbsLogit)); // really rounded, and not too much
        Assert.Equal(type == GgufTensorType.Q8_0 ? 7u : 1u, GgufFile.Read(path).GetUInt32(GgufKeys.FileType));
    }

    private void Print(ExportVerification result, string what) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: {result.WeightType} max |Δlogit| = {result.MaxAbsDifference:E3} (tolerance {result.Tolerance:G3}), max |logit| = {result.MaxAbsLogit:F2}, {result.PositionCount} positions, greedy {(result.GreedyChecked ? (result.GreedyMismatches.Count == 0 ? "identical" : string.Join("; ", result.GreedyMismatches)) : "not checked")}"));
}
