namespace LlmDistill.Gguf;

public sealed partial class GgufValue
{
    public static GgufValue FromUInt8(byte value) => new(GgufValueType.UInt8, value);

    public static GgufValue FromInt8(sbyte value) => new(GgufValueType.Int8, value);

    public static GgufValue FromUInt16(ushort value) => new(GgufValueType.UInt16, value);

    public static GgufValue FromInt16(short value) => new(GgufValueType.Int16, value);

    public static GgufValue FromUInt32(uint value) => new(GgufValueType.UInt32, value);

    public static GgufValue FromInt32(int value) => new(GgufValueType.Int32, value);

    public static GgufValue FromFloat32(float value) => new(GgufValueType.Float32, value);

    public static GgufValue FromBool(bool value) => new(GgufValueType.Bool, value);

    public static GgufValue FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(GgufValueType.String, value);
    }

    public static GgufValue FromUInt64(ulong value) => new(GgufValueType.UInt64, value);

    public static GgufValue FromInt64(long value) => new(GgufValueType.Int64, value);

    public static GgufValue FromFloat64(double value) => new(GgufValueType.Float64, value);

    // Arrays are copied so that a value never changes after it was created.
    public static GgufValue FromArray(ReadOnlySpan<byte> values) => Array(GgufValueType.UInt8, values.ToArray());

    public static GgufValue FromArray(ReadOnlySpan<sbyte> values) => Array(GgufValueType.Int8, values.ToArray());

    public static GgufValue FromArray(ReadOnlySpan<ushort> values) => Array(GgufValueType.UInt16, values.ToArray());

    public static GgufValue FromArray(ReadOnlySpan<short> values) => Array(GgufValueType.Int16, values.ToArray());

    public static GgufValue FromArray(ReadOnlySpan<uint> values) => Array(GgufValueType.UInt32, values.ToArray());

    public static GgufValue FromArray(ReadOnlySpan<int> values) => Array(GgufValueType.Int32, values.ToArray());

    public static GgufValue FromArray(ReadOnlySpan<float> values) => Array(GgufValueType.Float32, values.ToArray());

    public static GgufValue FromArray(ReadOnlySpan<bool> values) => Array(GgufValueType.Bool, values.ToArray());

    public static GgufValue FromArray(ReadOnlySpan<ulong> values) => Array(GgufValueType.UInt64, values.ToArray());

    public static GgufValue FromArray(ReadOnlySpan<long> values) => Array(GgufValueType.Int64, values.ToArray());

    public static GgufValue FromArray(ReadOnlySpan<double> values) => Array(GgufValueType.Float64, values.ToArray());

    public static GgufValue FromArray(ReadOnlySpan<string> values)
    {
        var copy = values.ToArray();
        foreach (var s in copy)
            ArgumentNullException.ThrowIfNull(s, nameof(values));
        return Array(GgufValueType.String, copy);
    }

    /// <summary>An array of arrays (allowed by the specification, though llama.cpp refuses to load it).</summary>
    public static GgufValue FromArray(ReadOnlySpan<GgufValue> arrays)
    {
        var copy = arrays.ToArray();
        foreach (var a in copy)
        {
            ArgumentNullException.ThrowIfNull(a, nameof(arrays));
            if (!a.IsArray)
                throw new ArgumentException("every element of an array of arrays must itself be an array", nameof(arrays));
        }
        return Array(GgufValueType.Array, copy);
    }

    /// <summary>Wraps an array the reader created, without copying it.</summary>
    internal static GgufValue Array(GgufValueType elementType, Array values) => new(GgufValueType.Array, values, elementType);

    internal static GgufValue Scalar(GgufValueType type, object value) => new(type, value);
}
