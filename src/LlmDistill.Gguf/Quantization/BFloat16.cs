namespace LlmDistill.Gguf.Quantization;

/// <summary>bfloat16 conversions, bit-exact with ggml (<c>ggml_compute_fp32_to_bf16</c> and back).</summary>
public static class BFloat16
{
    /// <summary>Rounds to nearest, ties to even; a NaN stays a (quiet) NaN.</summary>
    public static ushort FromSingle(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        if ((bits & 0x7fffffff) > 0x7f800000)
            return (ushort)((bits >> 16) | 64);
        return (ushort)((bits + (0x7fff + ((bits >> 16) & 1))) >> 16);
    }

    public static float ToSingle(ushort bits) => BitConverter.UInt32BitsToSingle((uint)bits << 16);
}
