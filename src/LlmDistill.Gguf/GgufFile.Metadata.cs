using System.Diagnostics.CodeAnalysis;

namespace LlmDistill.Gguf;

// Typed metadata getters. A missing key or a value of the wrong type is a defect of the file, so it
// becomes a GgufFormatException naming the file and the key. Integer getters accept any integer type
// whose value fits, because converters disagree on widths (e.g. token ids as uint32 or int32).
public sealed partial class GgufFile
{
    public bool ContainsKey(string key) => Metadata.ContainsKey(key);

    public bool TryGetValue(string key, [NotNullWhen(true)] out GgufValue? value) => Metadata.TryGetValue(key, out value);

    public GgufValue GetValue(string key) =>
        Metadata.TryGetValue(key, out var value) ? value : throw Error($"metadata key '{key}' not found");

    public string GetString(string key) => Convert(key, GetValue(key), v => v.AsString(), "string");

    public string? GetStringOrDefault(string key, string? defaultValue = null) =>
        TryGetValue(key, out var v) ? Convert(key, v, x => x.AsString(), "string") : defaultValue;

    public bool GetBool(string key) => Convert(key, GetValue(key), v => v.AsBool(), "bool");

    public bool GetBoolOrDefault(string key, bool defaultValue) =>
        TryGetValue(key, out var v) ? Convert(key, v, x => x.AsBool(), "bool") : defaultValue;

    public long GetInt64(string key) => Convert(key, GetValue(key), v => v.ToInt64(), "an integer");

    public long? GetInt64OrNull(string key) =>
        TryGetValue(key, out var v) ? Convert(key, v, x => x.ToInt64(), "an integer") : null;

    public int GetInt32(string key) => Convert(key, GetValue(key), v => checked((int)v.ToInt64()), "an int32");

    public uint GetUInt32(string key) => Convert(key, GetValue(key), v => checked((uint)v.ToInt64()), "a uint32");

    /// <summary>A float32 or float64 value as float.</summary>
    public float GetFloat32(string key) => Convert(key, GetValue(key), v => (float)v.ToDouble(), "a number");

    public string[] GetStringArray(string key) => Convert(key, GetValue(key), v => v.AsStringArray(), "array[string]");

    public int[] GetInt32Array(string key) => Convert(key, GetValue(key), v => v.ToInt32Array(), "an integer array");

    public float[] GetFloat32Array(string key) => Convert(key, GetValue(key), v => v.ToFloat32Array(), "a float array");

    private T Convert<T>(string key, GgufValue value, Func<GgufValue, T> convert, string expected)
    {
        try
        {
            return convert(value);
        }
        catch (Exception e) when (e is InvalidCastException or OverflowException)
        {
            throw new GgufFormatException($"{FileName}: metadata '{key}' is {value.TypeName} {Preview(value)}, expected {expected}", e);
        }
    }

    private static string Preview(GgufValue value)
    {
        var text = value.ToString();
        return text.Length > 40 ? $"'{text[..40]}...'" : $"'{text}'";
    }
}
