namespace LlmDistill.Gguf.Tests.Writing;

/// <summary>Exporting a large model must not need a second copy of its weights in memory.</summary>
public class GgufWriterStreamingTests
{
    private const int Elements = 4 << 20; // 16 MiB of float32 per tensor

    [Fact]
    public void Writing_converts_tensor_data_in_chunks_instead_of_copying_it()
    {
        var values = new float[Elements];
        new Random(1).NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        for (var i = 0; i < values.Length; i++)
            values[i] = float.IsFinite(values[i]) ? values[i] : 0f;
        var writer = new GgufWriter()
            .AddTensor("f32", [1024, Elements / 1024], values)
            .AddTensor("f16", [1024, Elements / 1024], values, GgufTensorType.F16)
            .AddTensor("q8", [1024, Elements / 1024], values, GgufTensorType.Q8_0);

        var before = GC.GetAllocatedBytesForCurrentThread();
        writer.Write(Stream.Null);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 2 << 20, $"writing 3 tensors of {Elements * 4L >> 20} MiB allocated {allocated >> 10} KiB");
    }

    [Fact]
    public void Reading_as_float32_allocates_the_result_and_one_chunk_only()
    {
        using var dir = new TempDirectory();
        var values = new float[Elements];
        new GgufWriter().AddTensor("q8", [1024, Elements / 1024], values, GgufTensorType.Q8_0).Write(dir.File("m.gguf"));
        var file = GgufFile.Read(dir.File("m.gguf"));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var read = file.ReadTensorAsFloat32("q8");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(Elements, read.Length);
        Assert.True(allocated < (Elements * 4L) + (2 << 20), $"allocated {allocated >> 10} KiB");
    }
}
