using System.Globalization;
using LlmDistill.Gguf;
using LlmDistill.Training.Export;
using LlmDistill.Training.Import;
using Xunit.Abstractions;

namespace LlmDistill.Training.Tests.Import;

/// <summary>
/// A pretrained GGUF imported into TorchSharp computes what llama.cpp computes from the same file: logits at
/// every position of the probe prompts (and greedy decoding for F32). This is what proves that llama's Q/K
/// rows load as they are (NORM rope) and that qwen2's are reordered from NEOX layout correctly.
/// </summary>
public class GgufImporterParityTests(ITestOutputHelper output)
{
    private static readonly VerificationOptions OneThread = new() { Threads = 1 };

    [Theory]
    [InlineData(4, 2, false)] // GQA, untied head
    [InlineData(8, 2, true)]  // GQA, 4 query heads per KV head, tied head
    [InlineData(4, 4, false)] // MHA
    public async Task F32_llama_import_matches_llama_cpp(int heads, int kvHeads, bool tied)
    {
        using var dir = new TempDirectory();
        var path = ImportModels.WriteLlama(Path.Combine(dir.Path, "llama.gguf"), ImportModels.Parameters(heads, kvHeads, tied));
        using var imported = GgufImporter.Load(path);

        var result = await ExportVerifier.CompareAsync(imported.Model, path, GgufTensorType.F32, Prompts(imported), OneThread);

        Print(result, $"llama F32 n_head {heads}, n_head_kv {kvHeads}, tied {tied}");
        Assert.True(result.MaxAbsLogit > 5, $"logits too small to show a layout error: {result.MaxAbsLogit}");
        Assert.InRange(result.MaxAbsDifference, 0, 1e-3);
        Assert.True(result.GreedyChecked);
        Assert.Empty(result.GreedyMismatches);
    }

    [Theory]
    [InlineData(GgufTensorType.F16)]
    [InlineData(GgufTensorType.BF16)]
    [InlineData(GgufTensorType.Q8_0)]
    public async Task Reduced_precision_llama_import_matches_llama_cpp(GgufTensorType type)
    {
        using var dir = new TempDirectory();
        var path = ImportModels.WriteLlama(Path.Combine(dir.Path, "llama.gguf"), ImportModels.Parameters(4, 2, tied: false), type);
        using var imported = GgufImporter.Load(path);
        Assert.Equal(type, imported.WeightType);

        var result = await ExportVerifier.CompareAsync(imported.Model, path, type, Prompts(imported), OneThread);

        Print(result, $"llama {type} GQA 4/2");
        // TorchSharp holds exactly the dequantized weights llama.cpp reads; what differs is llama.cpp rounding
        // activations to the weights' type inside its matmuls, so the export tolerances apply.
        Assert.InRange(result.MaxAbsDifference, 0, ExportVerifier.DefaultTolerance(type, result.MaxAbsLogit));
    }

    [Theory]
    [InlineData(4, 2, false, GgufTensorType.F32)]
    [InlineData(8, 2, true, GgufTensorType.F32)]
    [InlineData(4, 2, true, GgufTensorType.Q8_0)]
    public async Task Qwen2_import_with_biases_matches_llama_cpp(int heads, int kvHeads, bool tied, GgufTensorType type)
    {
        using var dir = new TempDirectory();
        var llamaPath = ImportModels.WriteLlama(Path.Combine(dir.Path, "llama.gguf"), ImportModels.Parameters(heads, kvHeads, tied), type);
        var path = ImportModels.WriteQwen2(Path.Combine(dir.Path, "qwen2.gguf"), llamaPath);
        using var imported = GgufImporter.Load(path);
        Assert.Equal("qwen2", imported.Architecture);
        Assert.True(imported.Config.AttentionBias);

        var result = await ExportVerifier.CompareAsync(imported.Model, path, type, Prompts(imported), OneThread);

        Print(result, $"qwen2 {type} n_head {heads}, n_head_kv {kvHeads}, tied {tied}, Q/K/V biases");
        Assert.True(result.MaxAbsLogit > 5, $"logits too small to show a layout error: {result.MaxAbsLogit}");
        Assert.InRange(result.MaxAbsDifference, 0, ExportVerifier.DefaultTolerance(type, result.MaxAbsLogit));
        Assert.Empty(result.GreedyMismatches);
    }

    /// <summary>
    /// llama.cpp's llama graph adds Q/K/V biases when the file has them (no reordering: NORM rope), so a
    /// biased student — e.g. one imported from qwen2 — can be exported as llama (the writer stores the biases).
    /// </summary>
    [Fact]
    public async Task Llama_with_attention_biases_matches_llama_cpp()
    {
        using var dir = new TempDirectory();
        var llamaPath = ImportModels.WriteLlama(Path.Combine(dir.Path, "llama.gguf"), ImportModels.Parameters(4, 2, tied: false));
        var path = ImportModels.WithBiases(Path.Combine(dir.Path, "biased.gguf"), llamaPath, "llama");
        using var imported = GgufImporter.Load(path);
        Assert.True(imported.Config.AttentionBias);

        var result = await ExportVerifier.CompareAsync(imported.Model, path, GgufTensorType.F32, Prompts(imported), OneThread);

        Print(result, "llama F32 GQA 4/2 with Q/K/V biases");
        Assert.InRange(result.MaxAbsDifference, 0, 1e-3);
        Assert.Empty(result.GreedyMismatches);
    }

    /// <summary>A student initialised from qwen2 exports as llama, biases included, and llama.cpp agrees with it.</summary>
    [Fact]
    public async Task A_student_imported_from_qwen2_exports_and_matches_llama_cpp()
    {
        using var dir = new TempDirectory();
        var llamaPath = ImportModels.WriteLlama(Path.Combine(dir.Path, "llama.gguf"), ImportModels.Parameters(4, 2, tied: false));
        var qwenPath = ImportModels.WriteQwen2(Path.Combine(dir.Path, "qwen2.gguf"), llamaPath);
        using var imported = GgufImporter.Load(qwenPath);
        var exported = Path.Combine(dir.Path, "student.gguf");

        GgufExporter.Export(imported.Model, StudentTokenizerMetadata.For(imported.Tokenizer), exported);
        var result = await ExportVerifier.CompareAsync(imported.Model, exported, GgufTensorType.F32, Prompts(imported), OneThread);

        Print(result, "qwen2 → llama export, F32 GQA 4/2 with Q/K/V biases");
        Assert.Equal("llama", GgufFile.Read(exported).GetString(GgufKeys.Architecture));
        Assert.True(GgufFile.Read(exported).ContainsTensor("blk.0.attn_k.bias"));
        Assert.InRange(result.MaxAbsDifference, 0, 1e-3);
        Assert.Empty(result.GreedyMismatches);
    }

    /// <summary>
    /// The control: the same weights labelled qwen2 (zero biases) run in llama.cpp's NEOX rope mode, so
    /// loading them as they are (as for llama) is far off — the NEOX→NORM reordering is what makes it match.
    /// </summary>
    [Fact]
    public async Task Qwen2_weights_loaded_without_reordering_do_not_match()
    {
        using var dir = new TempDirectory();
        var llamaPath = ImportModels.WriteLlama(Path.Combine(dir.Path, "llama.gguf"), ImportModels.Parameters(4, 2, tied: false));
        var qwenPath = ImportModels.WriteQwen2(Path.Combine(dir.Path, "qwen2.gguf"), llamaPath, biasStd: 0);
        using var asLlama = GgufImporter.Load(llamaPath);
        using var asQwen = GgufImporter.Load(qwenPath);

        var wrong = await ExportVerifier.CompareAsync(asLlama.Model, qwenPath, GgufTensorType.F32, Prompts(asLlama), OneThread);
        var right = await ExportVerifier.CompareAsync(asQwen.Model, qwenPath, GgufTensorType.F32, Prompts(asQwen), OneThread);

        Print(wrong, "qwen2 file vs llama-layout import (expected wrong)");
        Print(right, "qwen2 file vs qwen2 import");
        Assert.True(wrong.MaxAbsDifference > 0.1 * wrong.MaxAbsLogit, $"unreordered Q/K should be far off, got {wrong.MaxAbsDifference}");
        Assert.InRange(right.MaxAbsDifference, 0, 1e-3);
    }

    private static IReadOnlyList<int[]> Prompts(ImportedStudent imported) =>
        ExportVerifier.ProbePrompts(imported.Tokenizer, imported.Config.ContextLength);

    private void Print(ExportVerification result, string what) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: max |Δlogit| = {result.MaxAbsDifference:E3} (tolerance {ExportVerifier.DefaultTolerance(result.WeightType, result.MaxAbsLogit):G3}), max |logit| = {result.MaxAbsLogit:F2}, {result.PositionCount} positions, greedy {(result.GreedyChecked ? (result.GreedyMismatches.Count == 0 ? "identical" : string.Join("; ", result.GreedyMismatches)) : "not checked")}"));
}
