namespace LlmDistill.Gguf;

// Metadata setters. Named by GGUF type on purpose: llama.cpp checks types strictly (block_count must be
// uint32, alignment uint32), and an overloaded Set("k", 5) would silently pick int32.
public sealed partial class GgufWriter
{
    /// <summary>Sets a key; replacing an existing key keeps its position.</summary>
    public GgufWriter Set(string key, GgufValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        if (key == GgufKeys.Alignment)
        {
            if (value.Type != GgufValueType.UInt32)
                throw new ArgumentException($"'{GgufKeys.Alignment}' must be a uint32, not {value.TypeName}", nameof(value));
            var alignment = value.AsUInt32();
            if (alignment == 0 || (alignment & (alignment - 1)) != 0)
                throw new ArgumentException($"'{GgufKeys.Alignment}' must be a power of two, not {alignment}", nameof(value));
        }
        _metadata[key] = value;
        return this;
    }

    public bool Remove(string key) => _metadata.Remove(key);

    public GgufWriter SetUInt8(string key, byte value) => Set(key, GgufValue.FromUInt8(value));

    public GgufWriter SetInt8(string key, sbyte value) => Set(key, GgufValue.FromInt8(value));

    public GgufWriter SetUInt16(string key, ushort value) => Set(key, GgufValue.FromUInt16(value));

    public GgufWriter SetInt16(string key, short value) => Set(key, GgufValue.FromInt16(value));

    public GgufWriter SetUInt32(string key, uint value) => Set(key, GgufValue.FromUInt32(value));

    public GgufWriter SetInt32(string key, int value) => Set(key, GgufValue.FromInt32(value));

    public GgufWriter SetFloat32(string key, float value) => Set(key, GgufValue.FromFloat32(value));

    public GgufWriter SetBool(string key, bool value) => Set(key, GgufValue.FromBool(value));

    public GgufWriter SetString(string key, string value) => Set(key, GgufValue.FromString(value));

    public GgufWriter SetUInt64(string key, ulong value) => Set(key, GgufValue.FromUInt64(value));

    public GgufWriter SetInt64(string key, long value) => Set(key, GgufValue.FromInt64(value));

    public GgufWriter SetFloat64(string key, double value) => Set(key, GgufValue.FromFloat64(value));

    public GgufWriter SetStringArray(string key, ReadOnlySpan<string> values) => Set(key, GgufValue.FromArray(values));

    public GgufWriter SetInt32Array(string key, ReadOnlySpan<int> values) => Set(key, GgufValue.FromArray(values));

    public GgufWriter SetFloat32Array(string key, ReadOnlySpan<float> values) => Set(key, GgufValue.FromArray(values));

    /// <summary>Sets <c>general.alignment</c> (a power of two; 32 when never set).</summary>
    public GgufWriter SetAlignment(uint alignment) => SetUInt32(GgufKeys.Alignment, alignment);
}
