using LlmDistill.Core.Errors;

namespace LlmDistill.Gguf.Tests.Reading;

public class GgufValidationTests
{
    private static string ErrorFor(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        var e = Assert.Throws<GgufFormatException>(() => GgufFile.Read(stream, "model.gguf"));
        Assert.IsAssignableFrom<InvalidInputException>(e);
        Assert.DoesNotContain('\n', e.Message);
        Assert.StartsWith("model.gguf: ", e.Message);
        return e.Message;
    }

    private static GgufFile Read(byte[] bytes) => GgufFile.Read(new MemoryStream(bytes), "model.gguf");

    [Fact]
    public void A_zip_file_is_not_a_GGUF_file() =>
        Assert.Equal("model.gguf: not a GGUF file (magic 'PK\\x03\\x04')", ErrorFor([0x50, 0x4B, 3, 4, 20, 0, 0, 0, 8, 0]));

    [Fact]
    public void An_empty_file_is_not_a_GGUF_file() =>
        Assert.Equal("model.gguf: not a GGUF file (0 bytes)", ErrorFor([]));

    [Fact]
    public void Version_1_is_rejected_and_2_is_read()
    {
        Assert.Contains("GGUF version 1 is not supported", ErrorFor(RawGguf.Header(0, 0, version: 1).ToArray()));
        Assert.Contains("unsupported GGUF version 4", ErrorFor(RawGguf.Header(0, 0, version: 4).ToArray()));
        Assert.Contains("big-endian", ErrorFor(RawGguf.Header(0, 0, version: 0x03000000).ToArray()));
        Assert.Equal(2u, Read(RawGguf.Header(0, 0, version: 2).ToArray()).Version);
    }

    [Fact]
    public void A_missing_file_is_a_clear_invalid_input_error()
    {
        var e = Assert.Throws<InvalidInputException>(() => GgufFile.Read("/nonexistent/model.gguf"));
        Assert.Equal("/nonexistent/model.gguf: file not found", e.Message);
    }

    [Fact]
    public void A_directory_is_a_clear_invalid_input_error()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<InvalidInputException>(() => GgufFile.Read(dir.Path));
        Assert.EndsWith(": is a directory, not a GGUF file", e.Message);
    }

    [Fact]
    public void Tensors_of_types_we_cannot_dequantize_are_readable_as_bytes_only()
    {
        using var stream = new MemoryStream();
        new GgufWriter().AddTensorBytes("q4k", [256], GgufTensorType.Q4_K, new byte[144]).Write(stream);
        var file = GgufFile.Read(new MemoryStream(stream.ToArray()), "m.gguf");

        Assert.Equal(144, file.ReadTensorBytes("q4k").Length);
        var e = Assert.Throws<InvalidInputException>(() => file.ReadTensorAsFloat32("q4k"));
        Assert.Equal("m.gguf: tensor 'q4k' has type Q4_K, which cannot be converted to float32 (supported: F32, F16, BF16, Q8_0)", e.Message);
    }

    [Fact]
    public void Huge_counts_are_rejected_before_anything_is_allocated()
    {
        Assert.Contains("more than the remaining", ErrorFor(RawGguf.Header(0, ulong.MaxValue).ToArray()));
        Assert.Contains("more than the remaining", ErrorFor(RawGguf.Header(long.MaxValue, 0).ToArray()));
        Assert.Contains("more than the remaining", ErrorFor(RawGguf.Header(1, 1).Zeros(20).ToArray()));
    }

    [Fact]
    public void Huge_string_and_array_lengths_are_rejected()
    {
        Assert.Equal(
            "model.gguf: truncated: key of metadata entry 0 is a string of 18446744073709551615 bytes but only 8 bytes remain",
            ErrorFor(RawGguf.Header(0, 1).U64(ulong.MaxValue).Zeros(8).ToArray()));
        var array = RawGguf.Header(0, 1).Str("a").U32((uint)GgufValueType.Array).U32((uint)GgufValueType.UInt64).U64(1UL << 60).Zeros(16);
        Assert.Contains("metadata 'a' declares 1152921504606846976 uint64 elements but only 16 bytes remain", ErrorFor(array.ToArray()));
    }

    [Fact]
    public void Metadata_problems_are_named()
    {
        Assert.Contains("duplicate metadata key 'k'", ErrorFor(RawGguf.Header(0, 2).KvU32("k", 1).KvU32("k", 2).ToArray()));
        Assert.Contains("empty key", ErrorFor(RawGguf.Header(0, 1).KvU32("", 1).ToArray()));
        Assert.Contains("metadata 'k' has unknown value type 13", ErrorFor(RawGguf.Header(0, 1).Str("k").U32(13).U32(0).ToArray()));
        Assert.Contains("array of unknown value type 99", ErrorFor(RawGguf.Header(0, 1).Str("k").U32(9).U32(99).U64(0).ToArray()));
        Assert.Contains("bool value 2", ErrorFor(RawGguf.Header(0, 1).Str("k").U32((uint)GgufValueType.Bool).U8(2).ToArray()));
        Assert.Contains("not a power of two", ErrorFor(RawGguf.Header(0, 1).KvU32("general.alignment", 48).ToArray()));
        Assert.Contains("expected uint32", ErrorFor(RawGguf.Header(0, 1).Str("general.alignment").U32(10).U64(32).ToArray()));
    }

    [Fact]
    public void Deeply_nested_arrays_are_rejected()
    {
        var raw = RawGguf.Header(0, 1).Str("n").U32(9);
        for (var i = 0; i < 20; i++)
            raw.U32(9).U64(1);
        Assert.Contains("nests arrays deeper than", ErrorFor(raw.U32(4).U64(0).ToArray()));
    }

    private static byte[] OneTensor(ulong[] shape, GgufTensorType type = GgufTensorType.F32, ulong offset = 0, int dataBytes = 64) =>
        RawGguf.Header(1, 0).TensorInfo("w", shape, type, offset).PadTo(32).Zeros(dataBytes).ToArray();

    [Fact]
    public void Tensor_info_problems_are_named()
    {
        Assert.Contains("tensor 'w' has 5 dimensions; at most 4", ErrorFor(OneTensor([1, 1, 1, 1, 1])));
        Assert.Contains("tensor 'w' has invalid dimension 1: 0", ErrorFor(OneTensor([4, 0])));
        Assert.Contains("tensor 'w' has too many elements", ErrorFor(OneTensor([1UL << 40, 1UL << 40])));
        Assert.Contains("tensor 'w' has unknown ggml type 4", ErrorFor(OneTensor([4], (GgufTensorType)4)));
        Assert.Contains("rows of 16 elements, not a multiple of its block size 32", ErrorFor(OneTensor([16, 2], GgufTensorType.Q8_0)));
        Assert.Contains("data offset 8 is not a multiple of the alignment 32", ErrorFor(OneTensor([2], offset: 8)));
        Assert.Contains("longer than ggml's limit", ErrorFor(RawGguf.Header(1, 0).TensorInfo(new string('x', 64), [1], 0, 0).PadTo(32).Zeros(32).ToArray()));
    }

    [Fact]
    public void Tensor_data_past_the_end_is_reported_as_truncation()
    {
        // Data starts at byte 64 (header 24 + info 37, padded); 16 floats end at 128, the file stops at 96.
        Assert.Equal(
            "model.gguf: truncated: tensor 'w' data ends at byte 128 but the file has 96 bytes",
            ErrorFor(OneTensor([16], dataBytes: 32)));
    }

    [Fact]
    public void Duplicate_and_overlapping_tensors_are_rejected()
    {
        var duplicate = RawGguf.Header(2, 0).TensorInfo("w", [8], 0, 0).TensorInfo("w", [8], 0, 32).PadTo(32).Zeros(64);
        Assert.Contains("duplicate tensor name 'w'", ErrorFor(duplicate.ToArray()));
        var overlap = RawGguf.Header(2, 0).TensorInfo("a", [16], 0, 0).TensorInfo("b", [8], 0, 32).PadTo(32).Zeros(96);
        Assert.Contains("tensors 'a' and 'b' overlap", ErrorFor(overlap.ToArray()));
    }

    [Fact]
    public void Missing_or_mistyped_keys_name_the_file_and_key()
    {
        using var stream = new MemoryStream();
        new GgufWriter().SetInt32("n", -1).SetString("s", "x").Write(stream);
        var file = GgufFile.Read(new MemoryStream(stream.ToArray()), "m.gguf");

        Assert.Equal("m.gguf: metadata key 'missing' not found", Assert.Throws<GgufFormatException>(() => file.GetString("missing")).Message);
        Assert.Equal("m.gguf: metadata 's' is string 'x', expected a uint32", Assert.Throws<GgufFormatException>(() => file.GetUInt32("s")).Message);
        Assert.Contains("expected a uint32", Assert.Throws<GgufFormatException>(() => file.GetUInt32("n")).Message);
        Assert.Equal(-1, file.GetInt32("n"));
        Assert.Equal("m.gguf: tensor 'x' not found", Assert.Throws<GgufFormatException>(() => file.GetTensor("x")).Message);
    }
}
