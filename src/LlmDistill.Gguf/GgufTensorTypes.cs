namespace LlmDistill.Gguf;

/// <summary>Block layout of each <see cref="GgufTensorType"/> (ggml's <c>blck_size</c> and <c>type_size</c>).</summary>
public static class GgufTensorTypes
{
    private const int QkK = 256;

    /// <summary>True when <paramref name="type"/> is a type ggml can load from a GGUF file.</summary>
    public static bool IsKnown(GgufTensorType type) => TryGetLayout(type, out _, out _);

    /// <summary>Elements per block: a row's length must be a multiple of it.</summary>
    public static int BlockSize(GgufTensorType type) => Layout(type).BlockSize;

    /// <summary>Bytes per block.</summary>
    public static int BlockBytes(GgufTensorType type) => Layout(type).BlockBytes;

    /// <summary>Bytes taken by <paramref name="elementCount"/> elements (a multiple of the block size).</summary>
    public static long ByteCount(GgufTensorType type, long elementCount)
    {
        var (blockSize, blockBytes) = Layout(type);
        if (elementCount < 0 || elementCount % blockSize != 0)
            throw new ArgumentException($"{elementCount} elements is not a whole number of {type} blocks of {blockSize}", nameof(elementCount));
        return checked(elementCount / blockSize * blockBytes);
    }

    /// <summary>Gets the layout; false for removed or unknown type ids.</summary>
    public static bool TryGetLayout(GgufTensorType type, out int blockSize, out int blockBytes)
    {
        (blockSize, blockBytes) = type switch
        {
            GgufTensorType.F32 => (1, 4),
            GgufTensorType.F16 => (1, 2),
            GgufTensorType.Q4_0 => (32, 2 + 16),
            GgufTensorType.Q4_1 => (32, 2 + 2 + 16),
            GgufTensorType.Q5_0 => (32, 2 + 4 + 16),
            GgufTensorType.Q5_1 => (32, 2 + 2 + 4 + 16),
            GgufTensorType.Q8_0 => (32, 2 + 32),
            GgufTensorType.Q8_1 => (32, 2 + 2 + 32),
            GgufTensorType.Q2_K => (QkK, 2 + 2 + (QkK / 16) + (QkK / 4)),
            GgufTensorType.Q3_K => (QkK, 2 + (QkK / 4) + (QkK / 8) + 12),
            GgufTensorType.Q4_K => (QkK, 2 + 2 + (QkK / 2) + 12),
            GgufTensorType.Q5_K => (QkK, 2 + 2 + (QkK / 2) + (QkK / 8) + 12),
            GgufTensorType.Q6_K => (QkK, 2 + (QkK / 2) + (QkK / 4) + (QkK / 16)),
            GgufTensorType.Q8_K => (QkK, 4 + QkK + (QkK / 8)),
            GgufTensorType.IQ2_XXS => (QkK, 2 + (QkK / 4)),
            GgufTensorType.IQ2_XS => (QkK, 2 + (QkK / 4) + (QkK / 32)),
            GgufTensorType.IQ3_XXS => (QkK, 2 + (QkK / 4) + (QkK / 8)),
            GgufTensorType.IQ1_S => (QkK, 2 + (QkK / 8) + (QkK / 16)),
            GgufTensorType.IQ4_NL => (32, 2 + 16),
            GgufTensorType.IQ3_S => (QkK, 2 + (QkK / 4) + (QkK / 8) + (QkK / 32) + 4),
            GgufTensorType.IQ2_S => (QkK, 2 + (QkK / 4) + (QkK / 16)),
            GgufTensorType.IQ4_XS => (QkK, 2 + 2 + (QkK / 2) + (QkK / 64)),
            GgufTensorType.I8 => (1, 1),
            GgufTensorType.I16 => (1, 2),
            GgufTensorType.I32 => (1, 4),
            GgufTensorType.I64 => (1, 8),
            GgufTensorType.F64 => (1, 8),
            GgufTensorType.IQ1_M => (QkK, (QkK / 8) + (QkK / 16) + (QkK / 32)),
            GgufTensorType.BF16 => (1, 2),
            GgufTensorType.TQ1_0 => (QkK, 2 + (4 * 13)),
            GgufTensorType.TQ2_0 => (QkK, 2 + 64),
            GgufTensorType.MXFP4 => (32, 1 + 16),
            GgufTensorType.NVFP4 => (64, 4 + 32),
            GgufTensorType.Q1_0 => (128, 2 + 16),
            GgufTensorType.Q2_0 => (64, 2 + 16),
            _ => (0, 0),
        };
        return blockSize != 0;
    }

    private static (int BlockSize, int BlockBytes) Layout(GgufTensorType type) =>
        TryGetLayout(type, out var blockSize, out var blockBytes)
            ? (blockSize, blockBytes)
            : throw new ArgumentOutOfRangeException(nameof(type), type, "not a ggml tensor type");
}
