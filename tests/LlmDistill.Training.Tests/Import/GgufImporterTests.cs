using LlmDistill.Core.Errors;
using LlmDistill.Gguf;
using LlmDistill.Training.Data;
using LlmDistill.Training.Export;
using LlmDistill.Training.Import;
using LlmDistill.Training.Model;

namespace LlmDistill.Training.Tests.Import;

public class GgufImporterTests
{
    [Fact]
    public void Reads_hyper_parameters_and_tokenizer_from_metadata()
    {
        using var dir = new TempDirectory();
        var parameters = ImportModels.Parameters(8, 2, tied: true);
        var path = ImportModels.WriteLlama(Path.Combine(dir.Path, "llama.gguf"), parameters);

        using var imported = GgufImporter.Load(path);

        Assert.Equal("llama", imported.Architecture);
        Assert.Equal(GgufTensorType.F32, imported.WeightType);
        var expected = new StudentConfig
        {
            VocabSize = parameters.VocabSize, EmbeddingSize = 64, LayerCount = 2, HeadCount = 8, KvHeadCount = 2,
            FeedForwardSize = 160, ContextLength = 64, RopeTheta = 50_000, RmsNormEps = 1e-6f, TiedEmbeddings = true,
        };
        Assert.Equal(expected, imported.Config);
        Assert.Equal(imported.Config.ParameterCount(), imported.Model.CountParameters());
        Assert.Equal(parameters.VocabSize, imported.Tokenizer.VocabSize);
        var bytes = new ByteTokenizer();
        Assert.Equal(bytes.BosId, imported.Tokenizer.BosId);
        Assert.Equal(bytes.EosId, imported.Tokenizer.EosId);
        Assert.Equal(bytes.Encode("Tom has 3 apples."), imported.Tokenizer.Encode("Tom has 3 apples."));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Import_then_export_gives_back_identical_tensors_and_hyper_parameters(bool tied)
    {
        using var dir = new TempDirectory();
        var path = ImportModels.WriteLlama(Path.Combine(dir.Path, "llama.gguf"), ImportModels.Parameters(4, 2, tied));
        var exported = Path.Combine(dir.Path, "exported.gguf");

        using (var imported = GgufImporter.Load(path))
            GgufExporter.Export(imported.Model, StudentTokenizerMetadata.For(imported.Tokenizer), exported);

        var original = GgufFile.Read(path);
        var copy = GgufFile.Read(exported);
        Assert.Equal(original.Tensors.Select(t => t.Name).Order(), copy.Tensors.Select(t => t.Name).Order());
        foreach (var tensor in original.Tensors)
        {
            var other = copy.GetTensor(tensor.Name);
            Assert.Equal(tensor.Shape, other.Shape);
            Assert.Equal(tensor.Type, other.Type);
            Assert.True(original.ReadTensorBytes(tensor).AsSpan().SequenceEqual(copy.ReadTensorBytes(other)), $"{tensor.Name} changed in the round trip");
        }
        foreach (var key in new[] { "embedding_length", "block_count", "attention.head_count", "attention.head_count_kv", "feed_forward_length", "context_length", "vocab_size" })
            Assert.Equal(original.GetInt64("llama." + key), copy.GetInt64("llama." + key));
        foreach (var key in new[] { "rope.freq_base", "attention.layer_norm_rms_epsilon" })
            Assert.Equal(original.GetFloat32("llama." + key), copy.GetFloat32("llama." + key));
        Assert.Equal(original.GetStringArray(GgufKeys.TokenizerTokens), copy.GetStringArray(GgufKeys.TokenizerTokens));
    }

    [Fact]
    public void Q8_0_import_holds_exactly_the_dequantized_values()
    {
        using var dir = new TempDirectory();
        var path = ImportModels.WriteLlama(Path.Combine(dir.Path, "llama.gguf"), ImportModels.Parameters(4, 2, tied: false), GgufTensorType.Q8_0);
        var file = GgufFile.Read(path);
        Assert.Equal(GgufTensorType.Q8_0, file.GetTensor("blk.1.attn_k.weight").Type);

        using var imported = GgufImporter.Load(path);

        foreach (var (name, values) in GgufExporter.Weights(imported.Model))
            Assert.Equal(file.ReadTensorAsFloat32(name), values);
    }

    [Fact]
    public void Qwen2_biases_load_and_Q_K_rows_are_reordered_from_NEOX_to_NORM_layout()
    {
        using var dir = new TempDirectory();
        var llamaPath = ImportModels.WriteLlama(Path.Combine(dir.Path, "llama.gguf"), ImportModels.Parameters(4, 2, tied: false));
        var path = ImportModels.WriteQwen2(Path.Combine(dir.Path, "qwen2.gguf"), llamaPath);
        var file = GgufFile.Read(path);

        using var imported = GgufImporter.Load(path);

        Assert.True(imported.Config.AttentionBias);
        Assert.Equal(imported.Config.ParameterCount(), imported.Model.CountParameters());
        var weights = GgufExporter.Weights(imported.Model).ToDictionary(w => w.Name, w => w.Values);
        Assert.Equal(file.Tensors.Select(t => t.Name).Order(), weights.Keys.Order());
        Assert.Equal(file.ReadTensorAsFloat32("blk.0.attn_v.bias"), weights["blk.0.attn_v.bias"]);
        Assert.Equal(file.ReadTensorAsFloat32("blk.0.attn_v.weight"), weights["blk.0.attn_v.weight"]);
        // head 1 of K (head size 16): NORM row 16 + 2i is NEOX row 16 + i, NORM row 16 + 2i + 1 is NEOX row 16 + 8 + i
        var bias = file.ReadTensorAsFloat32("blk.1.attn_k.bias");
        Assert.Equal(bias[16 + 3], weights["blk.1.attn_k.bias"][16 + 6]);
        Assert.Equal(bias[16 + 8 + 3], weights["blk.1.attn_k.bias"][16 + 7]);
        var q = file.ReadTensorAsFloat32("blk.0.attn_q.weight");
        Assert.Equal(q.AsSpan((16 + 8 + 5) * 64, 64).ToArray(), weights["blk.0.attn_q.weight"].AsSpan((16 + 11) * 64, 64).ToArray());
    }

    [Fact]
    public void NeoxToNorm_interleaves_the_two_halves_of_each_head()
    {
        float[] rows = [0, 1, 2, 3, 10, 11, 12, 13]; // two heads of 4 rows of length 1
        Assert.Equal([0f, 2, 1, 3, 10, 12, 11, 13], GgufImporter.NeoxToNorm(rows, headDim: 4, rowLength: 1));
        float[] wide = [0, 0, 1, 1, 2, 2, 3, 3]; // one head of 4 rows of length 2
        Assert.Equal([0f, 0, 2, 2, 1, 1, 3, 3], GgufImporter.NeoxToNorm(wide, headDim: 4, rowLength: 2));
    }

    [Fact]
    public void Unsupported_architecture_is_refused_by_name()
    {
        using var dir = new TempDirectory();
        var llama = ImportModels.WriteLlama(Path.Combine(dir.Path, "llama.gguf"), ImportModels.Parameters(4, 2, tied: false));
        var path = ImportModels.Rewrite(Path.Combine(dir.Path, "gemma.gguf"), llama, w => w.SetString(GgufKeys.Architecture, "gemma"));

        var e = Assert.Throws<InvalidInputException>(() => GgufImporter.Load(path));

        Assert.Contains("architecture 'gemma' is not supported (llama, qwen2)", e.Message);
    }

    [Fact]
    public void A_missing_tensor_is_named()
    {
        using var dir = new TempDirectory();
        var llama = ImportModels.WriteLlama(Path.Combine(dir.Path, "llama.gguf"), ImportModels.Parameters(4, 2, tied: false));
        var path = ImportModels.Rewrite(Path.Combine(dir.Path, "broken.gguf"), llama, dropTensor: "blk.1.ffn_up.weight");

        var e = Assert.Throws<InvalidInputException>(() => GgufImporter.Load(path));

        Assert.Contains("'blk.1.ffn_up.weight' missing", e.Message);
    }

    [Fact]
    public void A_missing_qwen2_bias_is_named()
    {
        using var dir = new TempDirectory();
        var llama = ImportModels.WriteLlama(Path.Combine(dir.Path, "llama.gguf"), ImportModels.Parameters(4, 2, tied: false));
        var qwen = ImportModels.WriteQwen2(Path.Combine(dir.Path, "qwen2.gguf"), llama);
        var path = ImportModels.Rewrite(Path.Combine(dir.Path, "broken.gguf"), qwen, dropTensor: "blk.0.attn_k.bias");

        var e = Assert.Throws<InvalidInputException>(() => GgufImporter.Load(path));

        Assert.Contains("'blk.0.attn_k.bias' missing", e.Message);
    }

    [Fact]
    public void An_extra_tensor_is_named()
    {
        using var dir = new TempDirectory();
        var llama = ImportModels.WriteLlama(Path.Combine(dir.Path, "llama.gguf"), ImportModels.Parameters(4, 2, tied: false));
        var path = ImportModels.Rewrite(Path.Combine(dir.Path, "extra.gguf"), llama, addTensor: ("blk.0.ffn_gate_inp.weight", [64, 4]));

        var e = Assert.Throws<InvalidInputException>(() => GgufImporter.Load(path));

        Assert.Contains("unexpected tensor 'blk.0.ffn_gate_inp.weight'", e.Message);
    }

    [Fact]
    public void A_tensor_of_the_wrong_shape_is_named()
    {
        using var dir = new TempDirectory();
        var llama = ImportModels.WriteLlama(Path.Combine(dir.Path, "llama.gguf"), ImportModels.Parameters(4, 2, tied: false));
        var path = ImportModels.Rewrite(Path.Combine(dir.Path, "shape.gguf"), llama, dropTensor: "blk.0.ffn_gate.weight", addTensor: ("blk.0.ffn_gate.weight", [160, 64]));

        var e = Assert.Throws<InvalidInputException>(() => GgufImporter.Load(path));

        Assert.Contains("'blk.0.ffn_gate.weight' has shape [160, 64], expected [64, 160]", e.Message);
    }

    [Fact]
    public void Partial_rotary_is_refused()
    {
        using var dir = new TempDirectory();
        var llama = ImportModels.WriteLlama(Path.Combine(dir.Path, "llama.gguf"), ImportModels.Parameters(4, 2, tied: false));
        var path = ImportModels.Rewrite(Path.Combine(dir.Path, "partial.gguf"), llama, w => w.SetUInt32("llama.rope.dimension_count", 8));

        var e = Assert.Throws<InvalidInputException>(() => GgufImporter.Load(path));

        Assert.Contains("llama.rope.dimension_count = 8", e.Message);
    }

    [Fact]
    public void AttentionBias_survives_config_json_and_is_left_out_when_off()
    {
        var biased = new StudentConfig { VocabSize = 100, AttentionBias = true };
        var json = System.Text.Json.JsonSerializer.Serialize(biased);
        Assert.Contains("\"attention.qkv_bias\":true", json);
        Assert.Equal(biased, System.Text.Json.JsonSerializer.Deserialize<StudentConfig>(json));
        Assert.DoesNotContain("qkv_bias", System.Text.Json.JsonSerializer.Serialize(biased with { AttentionBias = false }));
        Assert.False(System.Text.Json.JsonSerializer.Deserialize<StudentConfig>("{\"vocab_size\":100}")!.AttentionBias);
        using var model = new StudentModel(biased);
        Assert.Equal(biased.ParameterCount(), model.CountParameters());
    }

    [Fact]
    public void Bias_parameters_map_to_llama_cpp_names_both_ways()
    {
        Assert.Equal("blk.3.attn_q.bias", LlamaTensorNames.ToGguf("blk.3.attn.q.bias"));
        Assert.Equal("blk.3.attn.v.bias", LlamaTensorNames.FromGguf("blk.3.attn_v.bias"));
        Assert.Equal("blk.3.ffn_down.weight", LlamaTensorNames.ToGguf("blk.3.ffn.down.weight"));
    }
}
