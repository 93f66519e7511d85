using System.Buffers.Binary;
using LlmDistill.Gguf.Quantization;

namespace LlmDistill.Gguf.Tests.Quantization;

public class TensorCodecTests
{
    [Theory]
    [InlineData(1f, 0x3F80)]
    [InlineData(-2f, 0xC000)]
    [InlineData(0f, 0x0000)]
    [InlineData(float.PositiveInfinity, 0x7F80)]
    public void BFloat16_encodes_known_values(float value, int bits) =>
        Assert.Equal((ushort)bits, BFloat16.FromSingle(value));

    [Theory]
    [InlineData(0x3F808000u, 0x3F80)] // tie, even stays
    [InlineData(0x3F818000u, 0x3F82)] // tie, odd rounds up to even
    [InlineData(0x3F808001u, 0x3F81)] // above the tie rounds up
    [InlineData(0x3F807FFFu, 0x3F80)] // below the tie rounds down
    [InlineData(0x7F800001u, 0x7FC0)] // signalling NaN becomes a quiet NaN, like ggml
    public void BFloat16_rounds_to_nearest_even_like_ggml(uint floatBits, int expected) =>
        Assert.Equal((ushort)expected, BFloat16.FromSingle(BitConverter.UInt32BitsToSingle(floatBits)));

    [Fact]
    public void F16_stores_IEEE_half_bits_little_endian()
    {
        var bytes = TensorCodec.Encode([1f, -2f, 65504f], GgufTensorType.F16);

        Assert.Equal([0x00, 0x3C, 0x00, 0xC0, 0xFF, 0x7B], bytes);
    }

    [Theory]
    [InlineData(GgufTensorType.F32)]
    [InlineData(GgufTensorType.F16)]
    [InlineData(GgufTensorType.BF16)]
    [InlineData(GgufTensorType.Q8_0)]
    public void Decoding_an_encoding_matches_the_per_element_conversion(GgufTensorType type)
    {
        var random = new Random(7);
        var x = Enumerable.Range(0, 64).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();

        var back = TensorCodec.Decode(TensorCodec.Encode(x, type), type);

        for (var i = 0; i < x.Length; i++)
        {
            var expected = type switch
            {
                GgufTensorType.F32 => x[i],
                GgufTensorType.F16 => (float)(Half)x[i],
                GgufTensorType.BF16 => BFloat16.ToSingle(BFloat16.FromSingle(x[i])),
                _ => back[i],
            };
            Assert.Equal(expected, back[i]);
            Assert.True(Math.Abs(x[i] - back[i]) <= Math.Abs(x[i]) * 0.01f + 0.01f);
        }
    }

    [Fact]
    public void Unsupported_types_are_refused() =>
        Assert.Throws<NotSupportedException>(() => TensorCodec.Encode(new float[256], GgufTensorType.Q4_K));

    [Fact]
    public void Half_values_round_trip_exactly_through_F16()
    {
        var values = Enumerable.Range(0, 1 << 16).Select(i => (float)BitConverter.UInt16BitsToHalf((ushort)i))
            .Where(float.IsFinite).ToArray();

        var bytes = TensorCodec.Encode(values, GgufTensorType.F16);

        Assert.Equal(values, TensorCodec.Decode(bytes, GgufTensorType.F16));
        Assert.Equal(BitConverter.HalfToUInt16Bits((Half)values[1]), BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(2)));
    }
}
