using System.Text;

namespace LlmDistill.Gguf.Tests.Reading;

/// <summary>Writes GGUF bytes field by field, so tests can build files our writer would refuse to produce.</summary>
public sealed class RawGguf
{
    private readonly List<byte> _bytes = [];

    public static RawGguf Header(ulong tensors, ulong entries, uint version = 3) =>
        new RawGguf().Bytes("GGUF"u8).U32(version).U64(tensors).U64(entries);

    public long Length => _bytes.Count;

    public RawGguf Bytes(ReadOnlySpan<byte> bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public RawGguf U8(byte v) => Bytes([v]);

    public RawGguf U32(uint v) => Bytes(BitConverter.GetBytes(v));

    public RawGguf U64(ulong v) => Bytes(BitConverter.GetBytes(v));

    public RawGguf Str(string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        return U64((ulong)bytes.Length).Bytes(bytes);
    }

    /// <summary>A metadata entry holding a uint32.</summary>
    public RawGguf KvU32(string key, uint value) => Str(key).U32((uint)GgufValueType.UInt32).U32(value);

    public RawGguf TensorInfo(string name, ulong[] shape, GgufTensorType type, ulong offset)
    {
        Str(name).U32((uint)shape.Length);
        foreach (var d in shape)
            U64(d);
        return U32((uint)type).U64(offset);
    }

    public RawGguf PadTo(int alignment)
    {
        while (_bytes.Count % alignment != 0)
            _bytes.Add(0);
        return this;
    }

    public RawGguf Zeros(int count) => Bytes(new byte[count]);

    public byte[] ToArray() => [.. _bytes];
}
