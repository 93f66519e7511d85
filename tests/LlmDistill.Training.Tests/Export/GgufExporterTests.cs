using LlmDistill.Core.Errors;
using LlmDistill.Gguf;
using LlmDistill.Llama;
using LlmDistill.Training.Export;

namespace LlmDistill.Training.Tests.Export;

public class GgufExporterTests
{
    [Fact]
    public void The_file_carries_complete_llama_metadata_and_how_the_student_was_trained()
    {
        using var dir = new TempDirectory();
        var config = ParityModels.Config(heads: 4, kvHeads: 2, tied: true) with { RopeTheta = 50_000, RmsNormEps = 1e-6 };
        using var model = ParityModels.Create(config);
        var path = Path.Combine(dir.Path, "student.gguf");
        var size = GgufExporter.Export(model, StudentTokenizerMetadata.For(ParityModels.Tokenizer), path,
            new GgufExportOptions { Name = "unit", Objective = "step-by-step", Format = "task-prefix" });

        var file = GgufFile.Read(path);
        Assert.Equal(new FileInfo(path).Length, size);
        Assert.Equal("llama", file.GetString(GgufKeys.Architecture));
        Assert.Equal("unit", file.GetString(GgufKeys.Name));
        Assert.Equal(64u, file.GetUInt32("llama.context_length"));
        Assert.Equal(64u, file.GetUInt32("llama.embedding_length"));
        Assert.Equal(2u, file.GetUInt32("llama.block_count"));
        Assert.Equal(160u, file.GetUInt32("llama.feed_forward_length"));
        Assert.Equal(4u, file.GetUInt32("llama.attention.head_count"));
        Assert.Equal(2u, file.GetUInt32("llama.attention.head_count_kv"));
        Assert.Equal(16u, file.GetUInt32("llama.rope.dimension_count"));
        Assert.Equal(50_000f, file.GetFloat32("llama.rope.freq_base"));
        Assert.Equal(1e-6f, file.GetFloat32("llama.attention.layer_norm_rms_epsilon"));
        Assert.Equal(259u, file.GetUInt32("llama.vocab_size"));
        Assert.Equal(0u, file.GetUInt32(GgufKeys.FileType));
        Assert.Equal("step-by-step", file.GetString(GgufMetadataKeys.Objective));
        Assert.Equal("task-prefix", file.GetString(GgufMetadataKeys.Format));
        Assert.False(file.ContainsTensor("output.weight")); // tied: llama.cpp falls back to token_embd
        Assert.Equal(1 + (9 * 2) + 1, file.Tensors.Count);
    }

    [Fact]
    public void Llama_cpp_tokenizes_text_into_the_same_byte_ids_as_the_student()
    {
        using var dir = new TempDirectory();
        var config = ParityModels.Config(4, 4, tied: true);
        using var model = ParityModels.Create(config);
        var path = Path.Combine(dir.Path, "student.gguf");
        GgufExporter.Export(model, StudentTokenizerMetadata.For(ParityModels.Tokenizer), path);

        using var llama = LlamaModel.Load(path, new LlamaModelOptions { VocabOnly = true });
        foreach (var text in new[] { "Tom has 3 apples. He buys 12 more!", "  two  spaces, tab\tand ünïcödé 😀", "#### 42\n" })
            Assert.Equal(ParityModels.Tokenizer.Encode(text), llama.Tokenize(text, addSpecial: false, parseSpecial: false));
        Assert.Equal(256, llama.BosToken);
        Assert.Equal(257, llama.EosToken);
        Assert.Equal(259, llama.VocabSize);
    }

    [Theory]
    [InlineData("f32", GgufTensorType.F32)]
    [InlineData("F16", GgufTensorType.F16)]
    [InlineData("q8_0", GgufTensorType.Q8_0)]
    public void Type_names_parse(string name, GgufTensorType type) => Assert.Equal(type, GgufExportOptions.ParseType(name));

    [Fact]
    public void An_unknown_type_is_a_user_error_naming_the_known_ones()
    {
        var error = Assert.Throws<InvalidInputException>(() => GgufExportOptions.ParseType("q4_k"));
        Assert.Contains("f32, f16, q8_0", error.Message, StringComparison.Ordinal);
    }
}
