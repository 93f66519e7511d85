namespace LlmDistill.Gguf.Tests;

public class GgufRoundTripTests
{
    public static GgufWriter EveryValueType()
    {
        var w = new GgufWriter();
        w.SetUInt8("t.u8", 200).SetInt8("t.i8", -100).SetUInt16("t.u16", 60000).SetInt16("t.i16", -30000)
            .SetUInt32("t.u32", 4_000_000_000).SetInt32("t.i32", -2_000_000_000).SetFloat32("t.f32", 3.25f)
            .SetBool("t.bool", true).SetString("t.str", "héllo ☃ \0 nul").SetUInt64("t.u64", ulong.MaxValue)
            .SetInt64("t.i64", long.MinValue).SetFloat64("t.f64", Math.PI);
        w.Set("a.u8", GgufValue.FromArray([1, 2, 255]));
        w.Set("a.i8", GgufValue.FromArray(new sbyte[] { -1, 2 }));
        w.Set("a.u16", GgufValue.FromArray(new ushort[] { 1, 65535 }));
        w.Set("a.i16", GgufValue.FromArray(new short[] { -1, 2 }));
        w.Set("a.u32", GgufValue.FromArray(new uint[] { 1, uint.MaxValue }));
        w.Set("a.i32", GgufValue.FromArray(new[] { -1, int.MaxValue }));
        w.Set("a.f32", GgufValue.FromArray(new[] { 1.5f, float.NaN, float.NegativeInfinity, -0f }));
        w.Set("a.bool", GgufValue.FromArray(new[] { true, false, true }));
        w.Set("a.str", GgufValue.FromArray(new[] { "a", "", "Ġworld", "日本" }));
        w.Set("a.u64", GgufValue.FromArray(new ulong[] { 0, ulong.MaxValue }));
        w.Set("a.i64", GgufValue.FromArray(new long[] { long.MinValue, 7 }));
        w.Set("a.f64", GgufValue.FromArray(new[] { 1e300, -2.5 }));
        w.Set("a.empty", GgufValue.FromArray(Array.Empty<int>()));
        w.Set("a.nested", GgufValue.FromArray(new[] { GgufValue.FromArray(new[] { 1, 2 }), GgufValue.FromArray(new[] { "x" }) }));
        return w;
    }

    [Fact]
    public void Every_metadata_type_and_array_survives_a_round_trip_in_order()
    {
        using var dir = new TempDirectory();
        var writer = EveryValueType();
        writer.Write(dir.File("m.gguf"));

        var file = GgufFile.Read(dir.File("m.gguf"));

        Assert.Equal(3u, file.Version);
        Assert.Equal(writer.Metadata.Keys, file.Metadata.Keys);
        foreach (var (key, value) in writer.Metadata)
            Assert.Equal(value, file.Metadata[key]);
        Assert.Equal(ulong.MaxValue, file.Metadata["t.u64"].AsUInt64());
        Assert.Equal("héllo ☃ \0 nul", file.GetString("t.str"));
        Assert.Equal(["a", "", "Ġworld", "日本"], file.GetStringArray("a.str"));
        Assert.True(float.IsNaN(file.GetFloat32Array("a.f32")[1]));
    }

    [Fact]
    public void F32_tensors_round_trip_exactly_and_are_aligned()
    {
        using var dir = new TempDirectory();
        var a = Enumerable.Range(0, 3 * 5).Select(i => i * 0.5f - 3).ToArray();
        var b = new[] { 42f };
        new GgufWriter().SetString("general.name", "x")
            .AddTensor("a", [5, 3], a)
            .AddTensor("b", [1], b)
            .Write(dir.File("t.gguf"));

        var file = GgufFile.Read(dir.File("t.gguf"));

        Assert.Equal(["a", "b"], file.Tensors.Select(t => t.Name));
        Assert.Equal([5L, 3L], file.GetTensor("a").Shape);
        Assert.Equal(a, file.ReadTensorAsFloat32("a"));
        Assert.Equal(b, file.ReadTensorAsFloat32("b"));
        Assert.All(file.Tensors, t => Assert.Equal(0, (file.DataOffset + t.Offset) % 32));
        Assert.Equal(64, file.GetTensor("b").Offset); // 60 bytes of 'a' padded to 64, as llama.cpp lays it out
    }
}
