using LlmDistill.Gguf.Llama;
using LlmDistill.Gguf.Tokenizer;

namespace LlmDistill.Gguf.Tests.Llama;

public class LlamaGgufWriterTests
{
    private static readonly int VocabSize = ByteLevelBpeVocabulary.Create().Tokens.Length;

    private static LlamaHyperParameters Tiny(bool tied = false, int embd = 64) => new(
        vocabSize: VocabSize, embeddingLength: embd, blockCount: 2, headCount: 4, headCountKv: 2,
        feedForwardLength: 96, contextLength: 256, ropeFreqBase: 10000f, rmsNormEpsilon: 1e-5f, tiedEmbeddings: tied);

    [Fact]
    public void Writes_the_complete_llama_metadata_and_tokenizer()
    {
        using var dir = new TempDirectory();
        LlamaGgufWriter.WriteRandom(dir.File("m.gguf"), Tiny(), seed: 1);

        var file = GgufFile.Read(dir.File("m.gguf"));

        Assert.Equal("llama", file.GetString("general.architecture"));
        Assert.Equal("llm-distill", file.GetString("general.name"));
        foreach (var (key, expected) in new (string, uint)[]
        {
            ("llama.vocab_size", (uint)VocabSize), ("llama.context_length", 256), ("llama.embedding_length", 64),
            ("llama.block_count", 2), ("llama.feed_forward_length", 96), ("llama.attention.head_count", 4),
            ("llama.attention.head_count_kv", 2), ("llama.rope.dimension_count", 16), ("general.file_type", 0),
        })
        {
            Assert.Equal(GgufValueType.UInt32, file.Metadata[key].Type); // llama.cpp insists on uint32
            Assert.Equal(expected, file.GetUInt32(key));
        }
        Assert.Equal(10000f, file.Metadata["llama.rope.freq_base"].AsFloat32());
        Assert.Equal(1e-5f, file.Metadata["llama.attention.layer_norm_rms_epsilon"].AsFloat32());
        Assert.Equal("gpt2", GgufTokenizerMetadata.ReadFrom(file).Model);
    }

    [Fact]
    public void Tensors_have_llama_cpp_names_and_GGUF_shapes()
    {
        using var dir = new TempDirectory();
        LlamaGgufWriter.WriteRandom(dir.File("m.gguf"), Tiny(), seed: 1);

        var file = GgufFile.Read(dir.File("m.gguf"));
        var shapes = file.Tensors.ToDictionary(t => t.Name, t => string.Join("x", t.Shape));

        Assert.Equal(3 + (2 * 9), shapes.Count);
        Assert.Equal($"64x{VocabSize}", shapes["token_embd.weight"]);
        Assert.Equal($"64x{VocabSize}", shapes["output.weight"]);
        Assert.Equal("64", shapes["output_norm.weight"]);
        Assert.Equal("64", shapes["blk.1.attn_norm.weight"]);
        Assert.Equal("64x64", shapes["blk.1.attn_q.weight"]);
        Assert.Equal("64x32", shapes["blk.1.attn_k.weight"]); // 2 KV heads × 16
        Assert.Equal("64x32", shapes["blk.1.attn_v.weight"]);
        Assert.Equal("64x64", shapes["blk.1.attn_output.weight"]);
        Assert.Equal("64", shapes["blk.0.ffn_norm.weight"]);
        Assert.Equal("64x96", shapes["blk.0.ffn_gate.weight"]);
        Assert.Equal("64x96", shapes["blk.0.ffn_up.weight"]);
        Assert.Equal("96x64", shapes["blk.0.ffn_down.weight"]);
    }

    [Fact]
    public void Tied_embeddings_omit_the_output_head()
    {
        Assert.DoesNotContain(LlamaTensorSpec.For(Tiny(tied: true)), s => s.Name == "output.weight");
        Assert.Contains(LlamaTensorSpec.For(Tiny(tied: false)), s => s.Name == "output.weight");
    }

    [Fact]
    public void Norms_stay_F32_and_Q8_0_falls_back_to_F16_for_rows_not_a_multiple_of_32()
    {
        using var dir = new TempDirectory();
        LlamaGgufWriter.WriteRandom(dir.File("q.gguf"), Tiny(embd: 48), seed: 1, GgufTensorType.Q8_0);

        var file = GgufFile.Read(dir.File("q.gguf"));

        Assert.Equal(7u, file.GetUInt32("general.file_type"));
        Assert.All(file.Tensors.Where(t => t.Name.Contains("norm", StringComparison.Ordinal)), t => Assert.Equal(GgufTensorType.F32, t.Type));
        Assert.Equal(GgufTensorType.F16, file.GetTensor("blk.0.attn_q.weight").Type); // rows of 48
        Assert.Equal(GgufTensorType.Q8_0, file.GetTensor("blk.0.ffn_down.weight").Type); // rows of 96
        Assert.All(file.Tensors.Where(t => t.Type == GgufTensorType.Q8_0), t => Assert.Equal(0, t.RowLength % 32));
    }

    [Fact]
    public void Random_weights_are_seeded_small_and_norms_are_one()
    {
        using var dir = new TempDirectory();
        LlamaGgufWriter.WriteRandom(dir.File("a.gguf"), Tiny(), seed: 5);
        LlamaGgufWriter.WriteRandom(dir.File("b.gguf"), Tiny(), seed: 5);

        Assert.Equal(File.ReadAllBytes(dir.File("a.gguf")), File.ReadAllBytes(dir.File("b.gguf")));
        var file = GgufFile.Read(dir.File("a.gguf"));
        Assert.All(file.ReadTensorAsFloat32("output_norm.weight"), v => Assert.Equal(1f, v));
        var q = file.ReadTensorAsFloat32("blk.0.attn_q.weight");
        var mean = q.Average();
        var std = Math.Sqrt(q.Average(v => (v - mean) * (v - mean)));
        Assert.InRange(std, 0.018, 0.022);
        Assert.InRange(mean, -0.002, 0.002);
    }

    [Fact]
    public void Explicit_tensor_values_are_written_in_row_major_order()
    {
        using var dir = new TempDirectory();
        var p = Tiny();
        var embeddings = Enumerable.Range(0, 64 * VocabSize).Select(i => (float)i).ToArray();
        var writer = new LlamaGgufWriter(p, GgufTensorType.F32, "custom").SetTensor("token_embd.weight", embeddings);
        writer.SetTokenizer(ByteLevelBpeVocabulary.Create()).FillRandom(seed: 3).Write(dir.File("m.gguf"));

        var file = GgufFile.Read(dir.File("m.gguf"));

        Assert.Equal(embeddings, file.ReadTensorAsFloat32("token_embd.weight"));
        Assert.Equal("custom", file.GetString("general.name"));
    }

    [Fact]
    public void Invalid_parameters_and_tensors_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new LlamaHyperParameters(10, 64, 1, 5, 5, 32)); // 64 % 5
        Assert.Throws<ArgumentException>(() => new LlamaHyperParameters(10, 64, 1, 4, 3, 32)); // 4 % 3
        var writer = new LlamaGgufWriter(Tiny());
        Assert.Throws<ArgumentException>(() => writer.SetTensor("blk.9.attn_q.weight", new float[64 * 64]));
        Assert.Throws<ArgumentException>(() => writer.SetTensor("output_norm.weight", new float[63]));
        Assert.Throws<ArgumentException>(() => writer.SetTokenizer(ByteLevelBpeVocabulary.Create(["Ġ t"])));
        using var dir = new TempDirectory();
        Assert.Throws<InvalidOperationException>(() => writer.Write(dir.File("m.gguf")));
    }
}
