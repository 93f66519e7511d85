namespace LlmDistill.Gguf.Tests.Reading;

public class GgufLazyReadingTests
{
    [Fact]
    public void Opening_a_1_GiB_model_reads_only_its_header()
    {
        using var dir = new TempDirectory();
        var path = dir.File("big.gguf");
        const long tensorBytes = 1L << 30;
        var header = RawGguf.Header(1, 1).KvU32("general.alignment", 32)
            .TensorInfo("big", [1L << 28], GgufTensorType.F32, 0).PadTo(32).ToArray();
        using (var stream = File.Create(path))
        {
            stream.Write(header);
            stream.SetLength(header.Length + tensorBytes); // sparse: no gigabyte is actually written
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var file = GgufFile.Read(path);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(tensorBytes, file.GetTensor("big").ByteSize);
        Assert.True(allocated < 256 << 10, $"opening allocated {allocated >> 10} KiB");
    }
}
