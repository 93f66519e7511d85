using System.Buffers.Binary;
using LlmDistill.Gguf.Quantization;

namespace LlmDistill.Gguf.Tests.Quantization;

public class Q8CodecTests
{
    [Fact]
    public void Quantizes_a_hand_computed_block_like_ggml_rounding_half_away_from_zero()
    {
        // amax = 7.9375 makes d = amax/127 = 1/16 exactly, so q = x·16 with no scale rounding.
        var x = new float[32];
        x[0] = 7.9375f;     // q = 127
        x[1] = -7.9375f;    // q = -127
        x[2] = 0.03125f;    // 0.5 → 1 (C roundf; banker's rounding would give 0)
        x[3] = -0.03125f;   // -0.5 → -1
        x[4] = 0.09375f;    // 1.5 → 2
        x[5] = 1f;          // 16
        x[6] = -0.1f;       // -1.6 → -2
        var bytes = new byte[Q8Codec.BlockBytes];

        Q8Codec.Quantize(x, bytes);

        Assert.Equal(0x2C00, BinaryPrimitives.ReadUInt16LittleEndian(bytes)); // fp16 of 0.0625
        var q = bytes.AsSpan(2).ToArray().Select(b => (int)(sbyte)b).ToArray();
        Assert.Equal([127, -127, 1, -1, 2, 16, -2], q[..7]);
        Assert.All(q[7..], v => Assert.Equal(0, v));
        var back = new float[32];
        Q8Codec.Dequantize(bytes, back);
        Assert.Equal([7.9375f, -7.9375f, 0.0625f, -0.0625f, 0.125f, 1f, -0.125f], back[..7]);
    }

    [Fact]
    public void An_all_zero_block_has_zero_scale_and_zero_values()
    {
        var bytes = new byte[Q8Codec.BlockBytes];
        bytes.AsSpan().Fill(0xFF);

        Q8Codec.Quantize(new float[32], bytes);

        Assert.All(bytes, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Dequantized_values_are_within_half_a_step_of_the_original()
    {
        var random = new Random(1234);
        var x = new float[32 * 200];
        for (var i = 0; i < x.Length; i++)
            x[i] = (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-4, 4)));
        var bytes = new byte[x.Length / 32 * Q8Codec.BlockBytes];
        var back = new float[x.Length];

        Q8Codec.Quantize(x, bytes);
        Q8Codec.Dequantize(bytes, back);

        for (var b = 0; b < x.Length / 32; b++)
        {
            var block = x.AsSpan(b * 32, 32);
            var amax = 0f;
            foreach (var v in block)
                amax = Math.Max(amax, Math.Abs(v));
            var d = amax / 127;
            var stored = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes.AsSpan(b * Q8Codec.BlockBytes));
            // Rounding q gives d/2; storing d as fp16 adds |q|·|d - fp16(d)| ≤ 127·|d - fp16(d)|.
            var bound = (d / 2) + (127 * Math.Abs(d - stored)) + (amax * 1e-6f);
            for (var j = 0; j < 32; j++)
                Assert.True(Math.Abs(block[j] - back[(b * 32) + j]) <= bound, $"block {b} element {j}: {block[j]} vs {back[(b * 32) + j]}, bound {bound}");
        }
    }

    [Fact]
    public void Rejects_lengths_that_are_not_whole_blocks()
    {
        Assert.Throws<ArgumentException>(() => Q8Codec.Quantize(new float[31], new byte[34]));
        Assert.Throws<ArgumentException>(() => Q8Codec.Quantize(new float[32], new byte[33]));
    }
}
