using System.Globalization;
using System.Runtime.InteropServices;

namespace LlmDistill.Gguf;

/// <summary>
/// One immutable, typed metadata value: a scalar, a string or an array (of scalars, strings or arrays).
/// Create values with the <c>From*</c> factories; read them with the <c>As*</c> accessors, which throw
/// <see cref="InvalidCastException"/> on a type mismatch, or the lenient <c>To*</c> conversions.
/// Equality is structural; floats compare by bit pattern, so a NaN equals the same NaN.
/// </summary>
public sealed partial class GgufValue : IEquatable<GgufValue>
{
    // A boxed scalar, a string, or a typed array (byte[], ..., string[], GgufValue[] for nested arrays).
    private readonly object _value;

    private GgufValue(GgufValueType type, object value, GgufValueType elementType = default)
    {
        Type = type;
        _value = value;
        ElementType = elementType;
    }

    /// <summary>The value's type; <see cref="GgufValueType.Array"/> for arrays.</summary>
    public GgufValueType Type { get; }

    /// <summary>For arrays, the type of their elements; otherwise meaningless.</summary>
    public GgufValueType ElementType { get; }

    public bool IsArray => Type == GgufValueType.Array;

    /// <summary>Number of elements of an array.</summary>
    public int ArrayLength => IsArray ? ((Array)_value).Length : throw Mismatch("an array");

    /// <summary>A short human-readable type name, e.g. <c>uint32</c> or <c>array[string]</c>.</summary>
    public string TypeName => IsArray ? $"array[{Name(ElementType)}]" : Name(Type);

    internal object RawValue => _value;

    public override string ToString() => _value switch
    {
        string s => s,
        GgufValue[] nested => $"[{string.Join(", ", nested.Take(8).Select(v => v.ToString()))}{(nested.Length > 8 ? ", ..." : "")}]",
        Array a => $"[{string.Join(", ", a.Cast<object>().Take(8).Select(Format))}{(a.Length > 8 ? ", ..." : "")}] ({a.Length} items)",
        _ => Format(_value),
    };

    public bool Equals(GgufValue? other)
    {
        if (other is null || other.Type != Type || (IsArray && other.ElementType != ElementType))
            return false;
        return (_value, other._value) switch
        {
            (float a, float b) => BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b),
            (double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b),
            (float[] a, float[] b) => MemoryMarshal.Cast<float, int>(a).SequenceEqual(MemoryMarshal.Cast<float, int>(b)),
            (double[] a, double[] b) => MemoryMarshal.Cast<double, long>(a).SequenceEqual(MemoryMarshal.Cast<double, long>(b)),
            (string[] a, string[] b) => a.AsSpan().SequenceEqual(b),
            (GgufValue[] a, GgufValue[] b) => a.AsSpan().SequenceEqual(b),
            (Array a, Array b) => a.Length == b.Length && a.Cast<object>().SequenceEqual(b.Cast<object>()),
            var (a, b) => a.Equals(b),
        };
    }

    public override bool Equals(object? obj) => Equals(obj as GgufValue);

    public override int GetHashCode() => _value is Array a
        ? HashCode.Combine(Type, ElementType, a.Length)
        : HashCode.Combine(Type, _value);

    internal static string Name(GgufValueType type) => type switch
    {
        GgufValueType.UInt8 => "uint8",
        GgufValueType.Int8 => "int8",
        GgufValueType.UInt16 => "uint16",
        GgufValueType.Int16 => "int16",
        GgufValueType.UInt32 => "uint32",
        GgufValueType.Int32 => "int32",
        GgufValueType.Float32 => "float32",
        GgufValueType.Bool => "bool",
        GgufValueType.String => "string",
        GgufValueType.Array => "array",
        GgufValueType.UInt64 => "uint64",
        GgufValueType.Int64 => "int64",
        GgufValueType.Float64 => "float64",
        _ => $"type {(uint)type}",
    };

    private static string Format(object value) => value switch
    {
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private InvalidCastException Mismatch(string expected) =>
        new($"GGUF value is {TypeName}, not {expected}");
}
