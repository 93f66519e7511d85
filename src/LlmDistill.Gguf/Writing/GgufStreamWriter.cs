using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace LlmDistill.Gguf.Writing;

/// <summary>Little-endian GGUF primitives over a stream, counting bytes so padding needs no seekable stream.</summary>
internal sealed class GgufStreamWriter(Stream stream)
{
    private readonly byte[] _scratch = new byte[8];

    public long Position { get; private set; }

    public void WriteUInt8(byte value)
    {
        _scratch[0] = value;
        Write(_scratch.AsSpan(0, 1));
    }

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_scratch, value);
        Write(_scratch.AsSpan(0, 2));
    }

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_scratch, value);
        Write(_scratch.AsSpan(0, 4));
    }

    public void WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_scratch, value);
        Write(_scratch.AsSpan(0, 8));
    }

    public void WriteString(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        WriteUInt64((ulong)bytes.Length);
        Write(bytes);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        stream.Write(bytes);
        Position += bytes.Length;
    }

    public void Pad(uint alignment)
    {
        Span<byte> zeros = stackalloc byte[64];
        zeros.Clear();
        var padding = Reading.GgufParser.AlignUp(Position, alignment) - Position;
        while (padding > 0)
        {
            var n = (int)Math.Min(padding, zeros.Length);
            Write(zeros[..n]);
            padding -= n;
        }
    }

    public void WriteValue(GgufValue value)
    {
        switch (value.RawValue)
        {
            case byte v: WriteUInt8(v); break;
            case sbyte v: WriteUInt8((byte)v); break;
            case ushort v: WriteUInt16(v); break;
            case short v: WriteUInt16((ushort)v); break;
            case uint v: WriteUInt32(v); break;
            case int v: WriteUInt32((uint)v); break;
            case float v: WriteUInt32(BitConverter.SingleToUInt32Bits(v)); break;
            case bool v: WriteUInt8(v ? (byte)1 : (byte)0); break;
            case string v: WriteString(v); break;
            case ulong v: WriteUInt64(v); break;
            case long v: WriteUInt64((ulong)v); break;
            case double v: WriteUInt64(BitConverter.DoubleToUInt64Bits(v)); break;
            case Array array:
                WriteUInt32((uint)value.ElementType);
                WriteUInt64((ulong)array.Length);
                WriteArray(array);
                break;
            default:
                throw new InvalidOperationException($"unexpected GGUF value {value.RawValue.GetType()}");
        }
    }

    private void WriteArray(Array array)
    {
        switch (array)
        {
            case byte[] bytes:
                Write(bytes);
                break;
            case string[] strings:
                foreach (var s in strings)
                    WriteString(s);
                break;
            case GgufValue[] nested:
                foreach (var v in nested)
                    WriteValue(v);
                break;
            case float[] v when BitConverter.IsLittleEndian: Write(MemoryMarshal.AsBytes(v.AsSpan())); break;
            case int[] v when BitConverter.IsLittleEndian: Write(MemoryMarshal.AsBytes(v.AsSpan())); break;
            case uint[] v when BitConverter.IsLittleEndian: Write(MemoryMarshal.AsBytes(v.AsSpan())); break;
            case long[] v when BitConverter.IsLittleEndian: Write(MemoryMarshal.AsBytes(v.AsSpan())); break;
            case ulong[] v when BitConverter.IsLittleEndian: Write(MemoryMarshal.AsBytes(v.AsSpan())); break;
            case double[] v when BitConverter.IsLittleEndian: Write(MemoryMarshal.AsBytes(v.AsSpan())); break;
            case short[] v when BitConverter.IsLittleEndian: Write(MemoryMarshal.AsBytes(v.AsSpan())); break;
            case ushort[] v when BitConverter.IsLittleEndian: Write(MemoryMarshal.AsBytes(v.AsSpan())); break;
            case sbyte[] v: Write(MemoryMarshal.AsBytes(v.AsSpan())); break;
            default:
                foreach (var item in array)
                    WriteValue(GgufValue.Scalar(TypeOf(item), item));
                break;
        }
    }

    private static GgufValueType TypeOf(object item) => item switch
    {
        sbyte => GgufValueType.Int8,
        ushort => GgufValueType.UInt16,
        short => GgufValueType.Int16,
        uint => GgufValueType.UInt32,
        int => GgufValueType.Int32,
        float => GgufValueType.Float32,
        bool => GgufValueType.Bool,
        ulong => GgufValueType.UInt64,
        long => GgufValueType.Int64,
        double => GgufValueType.Float64,
        _ => throw new InvalidOperationException($"unexpected array element {item.GetType()}"),
    };
}
