using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace LlmDistill.Gguf.Reading;

/// <summary>Reads metadata values, checking every declared length against the bytes left in the file.</summary>
internal static class GgufValueReader
{
    // The specification allows arrays of arrays; a bound keeps a hostile file from recursing the stack away.
    public const int MaxArrayDepth = 8;

    public static GgufValue Read(GgufBinaryReader reader, GgufValueType type, string key, int depth = 0)
    {
        var what = $"metadata '{key}'";
        return type switch
        {
            GgufValueType.UInt8 => GgufValue.FromUInt8(reader.ReadUInt8(what)),
            GgufValueType.Int8 => GgufValue.FromInt8((sbyte)reader.ReadUInt8(what)),
            GgufValueType.UInt16 => GgufValue.FromUInt16(reader.ReadUInt16(what)),
            GgufValueType.Int16 => GgufValue.FromInt16((short)reader.ReadUInt16(what)),
            GgufValueType.UInt32 => GgufValue.FromUInt32(reader.ReadUInt32(what)),
            GgufValueType.Int32 => GgufValue.FromInt32((int)reader.ReadUInt32(what)),
            GgufValueType.Float32 => GgufValue.FromFloat32(BitConverter.UInt32BitsToSingle(reader.ReadUInt32(what))),
            GgufValueType.Bool => GgufValue.FromBool(ReadBool(reader, reader.ReadUInt8(what), key)),
            GgufValueType.String => GgufValue.FromString(reader.ReadString(what)),
            GgufValueType.UInt64 => GgufValue.FromUInt64(reader.ReadUInt64(what)),
            GgufValueType.Int64 => GgufValue.FromInt64((long)reader.ReadUInt64(what)),
            GgufValueType.Float64 => GgufValue.FromFloat64(BitConverter.UInt64BitsToDouble(reader.ReadUInt64(what))),
            GgufValueType.Array => ReadArray(reader, key, depth),
            _ => throw reader.Error($"metadata '{key}' has unknown value type {(uint)type}"),
        };
    }

    /// <summary>The fewest bytes one value of <paramref name="type"/> takes in a file.</summary>
    public static int MinimumSize(GgufValueType type) => type switch
    {
        GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
        GgufValueType.UInt16 or GgufValueType.Int16 => 2,
        GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
        GgufValueType.UInt64 or GgufValueType.Int64 or GgufValueType.Float64 => 8,
        GgufValueType.String => 8,
        GgufValueType.Array => 4 + 8,
        _ => 0,
    };

    private static GgufValue ReadArray(GgufBinaryReader reader, string key, int depth)
    {
        var what = $"metadata '{key}'";
        var elementType = (GgufValueType)reader.ReadUInt32(what);
        var count = reader.ReadUInt64(what);
        var size = MinimumSize(elementType);
        if (size == 0)
            throw reader.Error($"metadata '{key}' is an array of unknown value type {(uint)elementType}");
        if (elementType == GgufValueType.Array && depth + 1 >= MaxArrayDepth)
            throw reader.Error($"metadata '{key}' nests arrays deeper than {MaxArrayDepth} levels");
        if (count > (ulong)(reader.Remaining / size))
        {
            throw reader.Error(
                $"metadata '{key}' declares {count} {GgufValue.Name(elementType)} elements but only {reader.Remaining} bytes remain");
        }
        if (count > int.MaxValue)
            throw reader.Error($"metadata '{key}' declares {count} elements, more than this reader supports");
        var n = (int)count;

        switch (elementType)
        {
            case GgufValueType.String:
                var strings = new string[n];
                for (var i = 0; i < n; i++)
                    strings[i] = reader.ReadString(what);
                return GgufValue.Array(elementType, strings);
            case GgufValueType.Array:
                var arrays = new GgufValue[n];
                for (var i = 0; i < n; i++)
                    arrays[i] = ReadArray(reader, key, depth + 1);
                return GgufValue.Array(elementType, arrays);
            case GgufValueType.Bool:
                var raw = reader.ReadBytes(n, what);
                var bools = new bool[n];
                for (var i = 0; i < n; i++)
                    bools[i] = ReadBool(reader, raw[i], key);
                return GgufValue.Array(elementType, bools);
            default:
                var bytes = reader.ReadBytes(checked(n * size), what);
                return GgufValue.Array(elementType, Numbers(elementType, bytes));
        }
    }

    private static Array Numbers(GgufValueType type, byte[] bytes) => type switch
    {
        GgufValueType.UInt8 => bytes,
        GgufValueType.Int8 => Cast<sbyte>(bytes),
        GgufValueType.UInt16 => Swap(Cast<ushort>(bytes), BinaryPrimitives.ReverseEndianness),
        GgufValueType.Int16 => Swap(Cast<short>(bytes), BinaryPrimitives.ReverseEndianness),
        GgufValueType.UInt32 => Swap(Cast<uint>(bytes), BinaryPrimitives.ReverseEndianness),
        GgufValueType.Int32 => Swap(Cast<int>(bytes), BinaryPrimitives.ReverseEndianness),
        GgufValueType.Float32 => Cast<float>(Swap(bytes, 4)),
        GgufValueType.UInt64 => Swap(Cast<ulong>(bytes), BinaryPrimitives.ReverseEndianness),
        GgufValueType.Int64 => Swap(Cast<long>(bytes), BinaryPrimitives.ReverseEndianness),
        GgufValueType.Float64 => Cast<double>(Swap(bytes, 8)),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static T[] Cast<T>(byte[] bytes)
        where T : struct => MemoryMarshal.Cast<byte, T>(bytes).ToArray();

    private static T[] Swap<T>(T[] values, Func<T, T> reverse)
    {
        if (!BitConverter.IsLittleEndian)
        {
            for (var i = 0; i < values.Length; i++)
                values[i] = reverse(values[i]);
        }
        return values;
    }

    private static byte[] Swap(byte[] bytes, int width)
    {
        if (!BitConverter.IsLittleEndian)
        {
            for (var i = 0; i < bytes.Length; i += width)
                bytes.AsSpan(i, width).Reverse();
        }
        return bytes;
    }

    private static bool ReadBool(GgufBinaryReader reader, byte value, string key) => value switch
    {
        0 => false,
        1 => true,
        _ => throw reader.Error($"metadata '{key}' holds bool value {value}; only 0 and 1 are valid"),
    };
}
