using System.Buffers.Binary;

namespace LlmDistill.Gguf.Quantization;

/// <summary>
/// ggml's Q8_0: blocks of 32 values stored as an fp16 scale d = amax/127 followed by 32 int8 q = round(x/d),
/// so x ≈ q·d. Quantization matches <c>quantize_row_q8_0_ref</c> bit for bit.
/// </summary>
public static class Q8Codec
{
    public const int BlockSize = 32;
    public const int BlockBytes = 2 + BlockSize;

    /// <summary>Quantizes whole blocks; <paramref name="source"/> length must be a multiple of 32.</summary>
    public static void Quantize(ReadOnlySpan<float> source, Span<byte> destination)
    {
        var blocks = CheckLengths(source.Length, destination.Length);
        for (var b = 0; b < blocks; b++)
        {
            var x = source.Slice(b * BlockSize, BlockSize);
            var y = destination.Slice(b * BlockBytes, BlockBytes);
            var amax = 0f;
            foreach (var v in x)
            {
                var a = MathF.Abs(v);
                amax = amax > a ? amax : a; // ggml's MAX macro, including its NaN behaviour
            }
            var d = amax / 127;
            var id = d != 0 ? 1f / d : 0f;
            BinaryPrimitives.WriteHalfLittleEndian(y, (Half)d);
            for (var j = 0; j < BlockSize; j++)
                y[2 + j] = (byte)(sbyte)RoundToInt(x[j] * id);
        }
    }

    public static void Dequantize(ReadOnlySpan<byte> source, Span<float> destination)
    {
        var blocks = CheckLengths(destination.Length, source.Length);
        for (var b = 0; b < blocks; b++)
        {
            var y = source.Slice(b * BlockBytes, BlockBytes);
            var d = (float)BinaryPrimitives.ReadHalfLittleEndian(y);
            var x = destination.Slice(b * BlockSize, BlockSize);
            for (var j = 0; j < BlockSize; j++)
                x[j] = (sbyte)y[2 + j] * d;
        }
    }

    // C's roundf (half away from zero) then the implicit float → int8 conversion of the reference code.
    private static int RoundToInt(float value)
    {
        var r = MathF.Round(value, MidpointRounding.AwayFromZero);
        return float.IsNaN(r) ? 0 : (int)Math.Clamp(r, -128f, 127f);
    }

    private static int CheckLengths(int values, int bytes)
    {
        if (values % BlockSize != 0)
            throw new ArgumentException($"Q8_0 needs a multiple of {BlockSize} values, got {values}");
        var blocks = values / BlockSize;
        if (bytes != blocks * BlockBytes)
            throw new ArgumentException($"{values} values take {blocks * BlockBytes} Q8_0 bytes, got {bytes}");
        return blocks;
    }
}
