using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace LlmDistill.Gguf.Quantization;

/// <summary>Converts float32 values to and from the tensor types LlmDistill writes: F32, F16, BF16 and Q8_0.</summary>
public static class TensorCodec
{
    public static bool CanConvert(GgufTensorType type) =>
        type is GgufTensorType.F32 or GgufTensorType.F16 or GgufTensorType.BF16 or GgufTensorType.Q8_0;

    /// <summary>Encodes <paramref name="source"/>; the destination must be exactly the encoded size.</summary>
    public static void Encode(ReadOnlySpan<float> source, GgufTensorType type, Span<byte> destination)
    {
        CheckSize(type, source.Length, destination.Length);
        switch (type)
        {
            case GgufTensorType.F32:
                if (BitConverter.IsLittleEndian)
                {
                    MemoryMarshal.AsBytes(source).CopyTo(destination);
                    break;
                }
                for (var i = 0; i < source.Length; i++)
                    BinaryPrimitives.WriteSingleLittleEndian(destination[(i * 4)..], source[i]);
                break;
            case GgufTensorType.F16:
                for (var i = 0; i < source.Length; i++)
                    BinaryPrimitives.WriteHalfLittleEndian(destination[(i * 2)..], (Half)source[i]);
                break;
            case GgufTensorType.BF16:
                for (var i = 0; i < source.Length; i++)
                    BinaryPrimitives.WriteUInt16LittleEndian(destination[(i * 2)..], BFloat16.FromSingle(source[i]));
                break;
            case GgufTensorType.Q8_0:
                Q8Codec.Quantize(source, destination);
                break;
            default:
                throw Unsupported(type);
        }
    }

    /// <summary>Decodes into <paramref name="destination"/>, whose length is the element count.</summary>
    public static void Decode(ReadOnlySpan<byte> source, GgufTensorType type, Span<float> destination)
    {
        CheckSize(type, destination.Length, source.Length);
        switch (type)
        {
            case GgufTensorType.F32:
                if (BitConverter.IsLittleEndian)
                {
                    source.CopyTo(MemoryMarshal.AsBytes(destination));
                    break;
                }
                for (var i = 0; i < destination.Length; i++)
                    destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(i * 4)..]);
                break;
            case GgufTensorType.F16:
                for (var i = 0; i < destination.Length; i++)
                    destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(source[(i * 2)..]);
                break;
            case GgufTensorType.BF16:
                for (var i = 0; i < destination.Length; i++)
                    destination[i] = BFloat16.ToSingle(BinaryPrimitives.ReadUInt16LittleEndian(source[(i * 2)..]));
                break;
            case GgufTensorType.Q8_0:
                Q8Codec.Dequantize(source, destination);
                break;
            default:
                throw Unsupported(type);
        }
    }

    public static byte[] Encode(ReadOnlySpan<float> source, GgufTensorType type)
    {
        var bytes = new byte[checked((int)GgufTensorTypes.ByteCount(type, source.Length))];
        Encode(source, type, bytes);
        return bytes;
    }

    public static float[] Decode(ReadOnlySpan<byte> source, GgufTensorType type)
    {
        if (!CanConvert(type))
            throw Unsupported(type);
        var blockBytes = GgufTensorTypes.BlockBytes(type);
        if (source.Length % blockBytes != 0)
            throw new ArgumentException($"{source.Length} bytes is not a whole number of {type} blocks", nameof(source));
        var values = new float[source.Length / blockBytes * GgufTensorTypes.BlockSize(type)];
        Decode(source, type, values);
        return values;
    }

    private static void CheckSize(GgufTensorType type, int values, int bytes)
    {
        if (!CanConvert(type))
            throw Unsupported(type);
        var expected = GgufTensorTypes.ByteCount(type, values);
        if (bytes != expected)
            throw new ArgumentException($"{values} values take {expected} bytes as {type}, got {bytes}");
    }

    private static NotSupportedException Unsupported(GgufTensorType type) =>
        new($"tensor type {type} cannot be converted (supported: F32, F16, BF16, Q8_0)");
}
