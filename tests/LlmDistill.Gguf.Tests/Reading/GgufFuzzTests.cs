using LlmDistill.Core.Errors;

namespace LlmDistill.Gguf.Tests.Reading;

/// <summary>
/// Corrupt files must end in a <see cref="GgufFormatException"/> (or read successfully when the damage is
/// harmless), never another exception, a hang or a huge allocation.
/// </summary>
public class GgufFuzzTests
{
    private static readonly byte[] Valid = BuildValidFile();

    private static byte[] BuildValidFile()
    {
        var writer = new GgufWriter()
            .SetString("general.architecture", "llama")
            .SetUInt32("llama.block_count", 2)
            .SetFloat32("llama.rope.freq_base", 10000f)
            .SetBool("tokenizer.ggml.add_bos_token", true)
            .SetStringArray("tokenizer.ggml.tokens", ["a", "b", "Ġc", "<|eos|>"])
            .SetInt32Array("tokenizer.ggml.token_type", [1, 1, 1, 3])
            .SetFloat32Array("tokenizer.ggml.scores", [0f, -1f, -2f, 0f])
            .Set("x.nested", GgufValue.FromArray([GgufValue.FromArray(new ulong[] { 1, 2 }), GgufValue.FromArray(["s"])]))
            .SetFloat64("x.f64", 0.5)
            .SetUInt8("x.u8", 1);
        var values = Enumerable.Range(0, 64).Select(i => i / 10f).ToArray();
        writer.AddTensor("f32", [8, 2], values.AsMemory(0, 16))
            .AddTensor("q8", [32, 2], values, GgufTensorType.Q8_0)
            .AddTensor("f16", [4], values.AsMemory(0, 4), GgufTensorType.F16)
            .AddTensor("bf16", [2, 2], values.AsMemory(0, 4), GgufTensorType.BF16);
        using var stream = new MemoryStream();
        writer.Write(stream);
        return stream.ToArray();
    }

    /// <summary>Reads everything a caller could; returns false when the file was rejected as malformed.</summary>
    private static bool ReadsOrRejects(byte[] bytes)
    {
        try
        {
            var file = GgufFile.Read(new MemoryStream(bytes), "fuzz.gguf");
            foreach (var value in file.Metadata.Values)
                _ = value.ToString();
            foreach (var tensor in file.Tensors)
            {
                Assert.Equal(tensor.ByteSize, file.ReadTensorBytes(tensor).Length);
                if (Gguf.Quantization.TensorCodec.CanConvert(tensor.Type))
                    Assert.Equal(tensor.ElementCount, file.ReadTensorAsFloat32(tensor).Length);
            }
            return true;
        }
        catch (GgufFormatException e)
        {
            Assert.StartsWith("fuzz.gguf: ", e.Message);
            Assert.DoesNotContain('\n', e.Message);
            return false;
        }
        catch (InvalidInputException e) when (e.Message.Contains("cannot be converted", StringComparison.Ordinal))
        {
            return true; // a mutated type id can turn into a valid type we cannot dequantize
        }
    }

    [Fact]
    public void The_unmutated_file_reads()
    {
        Assert.True(ReadsOrRejects(Valid));
        Assert.Equal(4, GgufFile.Read(new MemoryStream(Valid), "fuzz.gguf").Tensors.Count);
    }

    [Fact]
    public void Every_truncation_is_rejected_except_the_final_padding()
    {
        var file = GgufFile.Read(new MemoryStream(Valid), "fuzz.gguf");
        var lastEnd = file.Tensors.Max(t => file.DataOffset + t.Offset + t.ByteSize);
        for (var length = 0; length < Valid.Length; length++)
            Assert.Equal(length >= lastEnd, ReadsOrRejects(Valid[..length]));
    }

    [Fact]
    public void Random_byte_and_bit_mutations_never_escape_as_other_exceptions() => Mutate(seed: 1, count: 4000);

    [Fact]
    [Trait("Category", "Slow")]
    public void Many_more_random_mutations_never_escape_as_other_exceptions() => Mutate(seed: 2, count: 200_000);

    [Fact]
    public void Huge_values_at_every_offset_of_the_header_and_metadata_are_rejected_or_harmless()
    {
        var file = GgufFile.Read(new MemoryStream(Valid), "fuzz.gguf");
        ulong[] hostile = [ulong.MaxValue, long.MaxValue, 1UL << 32, 1UL << 40, (ulong)Valid.Length, 0x8000_0000];
        for (var offset = 0; offset + 8 <= file.DataOffset; offset++)
        {
            foreach (var value in hostile)
            {
                var bytes = (byte[])Valid.Clone();
                BitConverter.TryWriteBytes(bytes.AsSpan(offset), value);
                ReadsOrRejects(bytes);
                BitConverter.TryWriteBytes(bytes.AsSpan(offset), (uint)value); // 4-byte fields (types, n_dims)
                ReadsOrRejects(bytes);
            }
        }
    }

    private static void Mutate(int seed, int count)
    {
        var random = new Random(seed);
        var rejected = 0;
        for (var i = 0; i < count; i++)
        {
            var bytes = (byte[])Valid.Clone();
            var edits = random.Next(1, 5);
            for (var e = 0; e < edits; e++)
            {
                // Mostly hit the header and metadata, where the parser's decisions are.
                var position = random.Next(4) == 0 ? random.Next(bytes.Length) : random.Next(Math.Min(bytes.Length, 512));
                if (random.Next(2) == 0)
                    bytes[position] ^= (byte)(1 << random.Next(8));
                else
                    bytes[position] = (byte)random.Next(256);
            }
            if (random.Next(10) == 0)
                bytes = bytes[..random.Next(bytes.Length)];
            if (!ReadsOrRejects(bytes))
                rejected++;
        }
        Assert.InRange(rejected, count / 10, count); // the mutations do reach the validation
    }
}
