namespace LlmDistill.Gguf;

public sealed partial class GgufValue
{
    public byte AsUInt8() => Scalar<byte>(GgufValueType.UInt8);

    public sbyte AsInt8() => Scalar<sbyte>(GgufValueType.Int8);

    public ushort AsUInt16() => Scalar<ushort>(GgufValueType.UInt16);

    public short AsInt16() => Scalar<short>(GgufValueType.Int16);

    public uint AsUInt32() => Scalar<uint>(GgufValueType.UInt32);

    public int AsInt32() => Scalar<int>(GgufValueType.Int32);

    public float AsFloat32() => Scalar<float>(GgufValueType.Float32);

    public bool AsBool() => Scalar<bool>(GgufValueType.Bool);

    public string AsString() => Scalar<string>(GgufValueType.String);

    public ulong AsUInt64() => Scalar<ulong>(GgufValueType.UInt64);

    public long AsInt64() => Scalar<long>(GgufValueType.Int64);

    public double AsFloat64() => Scalar<double>(GgufValueType.Float64);

    /// <summary>
    /// A copy of an array whose CLR element type is exactly <typeparamref name="T"/>
    /// (byte, sbyte, ushort, short, uint, int, float, bool, string, ulong, long, double, or GgufValue for nested arrays).
    /// </summary>
    public T[] AsArray<T>() => _value is T[] array && IsArray
        ? (T[])array.Clone()
        : throw Mismatch($"an array of {typeof(T).Name}");

    public string[] AsStringArray() => AsArray<string>();

    public int[] AsInt32Array() => AsArray<int>();

    public uint[] AsUInt32Array() => AsArray<uint>();

    public float[] AsFloat32Array() => AsArray<float>();

    /// <summary>Any integer scalar (or bool) as a long; throws when a uint64 does not fit.</summary>
    public long ToInt64() => _value switch
    {
        byte v => v,
        sbyte v => v,
        ushort v => v,
        short v => v,
        uint v => v,
        int v => v,
        long v => v,
        ulong v when v <= long.MaxValue => (long)v,
        ulong => throw new OverflowException($"uint64 value {_value} does not fit an int64"),
        _ => throw Mismatch("an integer"),
    };

    /// <summary>Any numeric scalar as a double.</summary>
    public double ToDouble() => _value switch
    {
        float v => v,
        double v => v,
        bool => throw Mismatch("a number"),
        _ when !IsArray && Type != GgufValueType.String => ToInt64(),
        _ => throw Mismatch("a number"),
    };

    /// <summary>An array of any integer element type as int32 values; throws when one does not fit.</summary>
    public int[] ToInt32Array() => _value switch
    {
        int[] v => (int[])v.Clone(),
        byte[] v => [.. v.Select(x => (int)x)],
        sbyte[] v => [.. v.Select(x => (int)x)],
        ushort[] v => [.. v.Select(x => (int)x)],
        short[] v => [.. v.Select(x => (int)x)],
        uint[] v => [.. v.Select(x => checked((int)x))],
        long[] v => [.. v.Select(x => checked((int)x))],
        ulong[] v => [.. v.Select(x => checked((int)x))],
        _ => throw Mismatch("an integer array"),
    };

    /// <summary>An array of float32 or float64 elements as float32 values.</summary>
    public float[] ToFloat32Array() => _value switch
    {
        float[] v => (float[])v.Clone(),
        double[] v => [.. v.Select(x => (float)x)],
        _ => throw Mismatch("a float array"),
    };

    private T Scalar<T>(GgufValueType expected) => Type == expected
        ? (T)_value
        : throw Mismatch(Name(expected));
}
