using LlmDistill.Gguf.Quantization;

namespace LlmDistill.Gguf.Tests;

public class GgufWriterTests
{
    [Theory]
    [InlineData(GgufTensorType.F16)]
    [InlineData(GgufTensorType.BF16)]
    [InlineData(GgufTensorType.Q8_0)]
    public void Converted_tensors_read_back_as_their_encoding_decodes(GgufTensorType type)
    {
        using var dir = new TempDirectory();
        var random = new Random(3);
        var values = Enumerable.Range(0, 64 * 3).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        new GgufWriter().AddTensor("w", [64, 3], values, type).Write(dir.File("t.gguf"));

        var file = GgufFile.Read(dir.File("t.gguf"));

        Assert.Equal(type, file.GetTensor("w").Type);
        Assert.Equal(GgufTensorTypes.ByteCount(type, values.Length), file.GetTensor("w").ByteSize);
        Assert.Equal(TensorCodec.Encode(values, type), file.ReadTensorBytes("w"));
        Assert.Equal(TensorCodec.Decode(TensorCodec.Encode(values, type), type), file.ReadTensorAsFloat32("w"));
    }

    [Fact]
    public void A_custom_alignment_is_written_and_honoured()
    {
        using var stream = new MemoryStream();
        new GgufWriter().SetAlignment(64).AddTensor("a", [3], new[] { 1f, 2f, 3f }).AddTensor("b", [1], new[] { 4f }).Write(stream);

        var file = GgufFile.Read(new MemoryStream(stream.ToArray()), "a.gguf");

        Assert.Equal(64u, file.Alignment);
        Assert.Equal(0, file.DataOffset % 64);
        Assert.Equal(64, file.GetTensor("b").Offset);
        Assert.Equal([4f], file.ReadTensorAsFloat32("b"));
        Assert.Throws<ArgumentException>(() => new GgufWriter().SetAlignment(48));
        Assert.Throws<ArgumentException>(() => new GgufWriter().SetInt32(GgufKeys.Alignment, 32));
    }

    [Fact]
    public void Replacing_a_key_keeps_its_position()
    {
        var writer = new GgufWriter().SetString("a", "1").SetString("b", "2").SetString("a", "3");

        Assert.Equal(["a", "b"], writer.Metadata.Keys);
        Assert.Equal("3", writer.Metadata["a"].AsString());
        Assert.True(writer.Remove("a"));
        Assert.Equal(["b"], writer.Metadata.Keys);
    }

    [Fact]
    public void Writing_replaces_the_target_atomically_and_leaves_no_temporary_file()
    {
        using var dir = new TempDirectory();
        var path = dir.File("m.gguf");
        File.WriteAllText(path, "old");

        new GgufWriter().SetString("k", "new").Write(path);

        Assert.Equal("new", GgufFile.Read(path).GetString("k"));
        Assert.Equal(["m.gguf"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_failing_tensor_source_leaves_the_previous_file_intact()
    {
        using var dir = new TempDirectory();
        var path = dir.File("m.gguf");
        new GgufWriter().SetString("k", "old").Write(path);
        var writer = new GgufWriter().SetString("k", "new").AddTensor("w", [4], GgufTensorType.F32, s => s.Write(new byte[8]));

        Assert.Throws<InvalidOperationException>(() => writer.Write(path));

        Assert.Equal("old", GgufFile.Read(path).GetString("k"));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Rewriting_a_file_in_place_from_itself_works()
    {
        using var dir = new TempDirectory();
        var path = dir.File("m.gguf");
        new GgufWriter().SetString("k", "v").AddTensor("w", [32], Enumerable.Range(0, 32).Select(i => (float)i).ToArray(), GgufTensorType.Q8_0).Write(path);
        var before = File.ReadAllBytes(path);

        GgufWriter.CopyOf(GgufFile.Read(path)).Write(path);

        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void Invalid_tensors_are_refused_when_added()
    {
        var w = new GgufWriter().AddTensor("w", [2], new float[2]);
        Assert.Throws<ArgumentException>(() => w.AddTensor("w", [2], new float[2]));                         // duplicate
        Assert.Throws<ArgumentException>(() => w.AddTensor("x", [3], new float[2]));                         // length
        Assert.Throws<ArgumentException>(() => w.AddTensor("x", [0], Array.Empty<float>()));                // empty dim
        Assert.Throws<ArgumentException>(() => w.AddTensor("x", [1, 1, 1, 1, 1], new float[1]));            // 5 dims
        Assert.Throws<ArgumentException>(() => w.AddTensor("x", [16], new float[16], GgufTensorType.Q8_0)); // row % 32
        Assert.Throws<ArgumentException>(() => w.AddTensor("x", [256], new float[256], GgufTensorType.Q4_K)); // cannot encode
        Assert.Throws<ArgumentException>(() => w.AddTensor(new string('n', 64), [1], new float[1]));        // name too long
        Assert.Throws<ArgumentException>(() => w.AddTensorBytes("x", [32], GgufTensorType.Q8_0, new byte[33]));
        w.AddTensorBytes("q4k", [256], GgufTensorType.Q4_K, new byte[144]); // any ggml type, pre-encoded
    }

    [Fact]
    public void Values_have_strict_accessors_and_lenient_conversions()
    {
        var u32 = GgufValue.FromUInt32(7);
        Assert.Equal(7u, u32.AsUInt32());
        Assert.Throws<InvalidCastException>(() => u32.AsInt32());
        Assert.Equal(7L, u32.ToInt64());
        Assert.Equal(7.0, u32.ToDouble());
        Assert.Throws<OverflowException>(() => GgufValue.FromUInt64(ulong.MaxValue).ToInt64());
        Assert.Equal([1, 2], GgufValue.FromArray(new uint[] { 1, 2 }).ToInt32Array());
        Assert.Equal("array[uint32]", GgufValue.FromArray(new uint[] { 1 }).TypeName);
        Assert.Equal(GgufValue.FromArray(new[] { float.NaN }), GgufValue.FromArray(new[] { float.NaN }));
        Assert.NotEqual(GgufValue.FromFloat32(0f), GgufValue.FromFloat32(-0f));
        var source = new[] { "a" };
        var value = GgufValue.FromArray(source);
        source[0] = "changed";
        Assert.Equal(["a"], value.AsStringArray()); // values are immutable
    }
}
