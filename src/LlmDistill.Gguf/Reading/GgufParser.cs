using System.Text;

namespace LlmDistill.Gguf.Reading;

/// <summary>Parses and validates a GGUF header, metadata and tensor infos (everything but the tensor data).</summary>
internal static class GgufParser
{
    public const uint Magic = 0x46554747; // "GGUF" read as a little-endian uint32
    public const uint DefaultAlignment = 32;
    public const int MaxDimensions = 4;
    public const int MaxNameBytes = 63; // ggml's GGML_MAX_NAME (64) includes the terminating NUL

    // The smallest metadata entry (empty key, type, one byte) and tensor info (empty name, n_dims, type, offset).
    private const int MinEntryBytes = 8 + 4 + 1;
    private const int MinTensorInfoBytes = 8 + 4 + 4 + 8;

    public sealed record Result(
        uint Version,
        uint Alignment,
        long DataOffset,
        OrderedDictionary<string, GgufValue> Metadata,
        List<GgufTensorInfo> Tensors);

    public static Result Parse(Stream stream, string file)
    {
        var reader = new GgufBinaryReader(stream, file);
        if (reader.Length < 4)
            throw reader.Error($"not a GGUF file ({reader.Length} bytes)");
        var magic = reader.ReadUInt32("magic");
        if (magic != Magic)
            throw reader.Error($"not a GGUF file (magic '{Escape(BitConverter.GetBytes(magic))}')");
        var version = reader.ReadUInt32("version");
        if (version == 1)
            throw reader.Error("GGUF version 1 is not supported (convert the model again with a current llama.cpp)");
        if (version is not (2 or 3))
        {
            var swapped = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(version);
            throw reader.Error(swapped is 2 or 3
                ? "big-endian GGUF files are not supported"
                : $"unsupported GGUF version {version} (supported: 2, 3)");
        }

        var tensorCount = reader.ReadUInt64("tensor count");
        var entryCount = reader.ReadUInt64("metadata count");
        var remaining = (ulong)reader.Remaining;
        if (tensorCount > remaining / MinTensorInfoBytes || entryCount > remaining / MinEntryBytes
            || (tensorCount * MinTensorInfoBytes) + (entryCount * MinEntryBytes) > remaining)
        {
            throw reader.Error(
                $"header declares {tensorCount} tensors and {entryCount} metadata entries, more than the remaining {remaining} bytes can hold");
        }

        var metadata = ReadMetadata(reader, (int)entryCount);
        var alignment = ReadAlignment(reader, metadata);
        var tensors = ReadTensorInfos(reader, (int)tensorCount);
        var dataOffset = AlignUp(reader.Position, alignment);
        CheckTensorPlacement(reader, tensors, alignment, dataOffset);
        return new Result(version, alignment, dataOffset, metadata, tensors);
    }

    public static long AlignUp(long position, uint alignment) => (position + alignment - 1) / alignment * alignment;

    private static OrderedDictionary<string, GgufValue> ReadMetadata(GgufBinaryReader reader, int count)
    {
        // The count is bounded by the file size, but a dictionary slot costs more than the 13 bytes an entry
        // needs, so let it grow with the entries actually read.
        var metadata = new OrderedDictionary<string, GgufValue>(Math.Min(count, 1024), StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString($"key of metadata entry {i}");
            if (key.Length == 0)
                throw reader.Error($"metadata entry {i} has an empty key");
            if (metadata.ContainsKey(key))
                throw reader.Error($"duplicate metadata key '{key}'");
            var type = (GgufValueType)reader.ReadUInt32($"metadata '{key}'");
            metadata.Add(key, GgufValueReader.Read(reader, type, key));
        }
        return metadata;
    }

    private static uint ReadAlignment(GgufBinaryReader reader, OrderedDictionary<string, GgufValue> metadata)
    {
        if (!metadata.TryGetValue(GgufKeys.Alignment, out var value))
            return DefaultAlignment;
        if (value.Type != GgufValueType.UInt32)
            throw reader.Error($"metadata '{GgufKeys.Alignment}' is {value.TypeName}, expected uint32");
        var alignment = value.AsUInt32();
        if (alignment == 0 || (alignment & (alignment - 1)) != 0)
            throw reader.Error($"metadata '{GgufKeys.Alignment}' is {alignment}, not a power of two");
        return alignment;
    }

    private static List<GgufTensorInfo> ReadTensorInfos(GgufBinaryReader reader, int count)
    {
        var tensors = new List<GgufTensorInfo>(Math.Min(count, 1024));
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString($"name of tensor {i}");
            if (name.Length == 0)
                throw reader.Error($"tensor {i} has an empty name");
            if (Encoding.UTF8.GetByteCount(name) > MaxNameBytes)
                throw reader.Error($"tensor name '{name}' is longer than ggml's limit of {MaxNameBytes} bytes");
            if (!names.Add(name))
                throw reader.Error($"duplicate tensor name '{name}'");

            var what = $"tensor '{name}' info";
            var dimensionCount = reader.ReadUInt32(what);
            if (dimensionCount > MaxDimensions)
                throw reader.Error($"tensor '{name}' has {dimensionCount} dimensions; at most {MaxDimensions} are allowed");
            var shape = new long[dimensionCount];
            long elements = 1;
            for (var d = 0; d < shape.Length; d++)
            {
                var dim = reader.ReadUInt64(what);
                if (dim == 0 || dim > long.MaxValue)
                    throw reader.Error($"tensor '{name}' has invalid dimension {d}: {dim}");
                shape[d] = (long)dim;
                if (elements > long.MaxValue / shape[d])
                    throw reader.Error($"tensor '{name}' has too many elements (shape [{string.Join(", ", shape.Take(d + 1))}])");
                elements *= shape[d];
            }

            var type = (GgufTensorType)reader.ReadUInt32(what);
            if (!GgufTensorTypes.TryGetLayout(type, out var blockSize, out var blockBytes))
                throw reader.Error($"tensor '{name}' has unknown ggml type {(uint)type}");
            var rowLength = shape.Length == 0 ? 1 : shape[0];
            if (rowLength % blockSize != 0)
                throw reader.Error($"tensor '{name}' of type {type} has rows of {rowLength} elements, not a multiple of its block size {blockSize}");
            var blocks = elements / blockSize;
            if (blocks > long.MaxValue / blockBytes)
                throw reader.Error($"tensor '{name}' is too large (shape [{string.Join(", ", shape)}])");

            var offset = reader.ReadUInt64(what);
            if (offset > long.MaxValue)
                throw reader.Error($"tensor '{name}' has invalid data offset {offset}");
            tensors.Add(new GgufTensorInfo(name, shape, type, (long)offset, elements, blocks * blockBytes));
        }
        return tensors;
    }

    private static void CheckTensorPlacement(GgufBinaryReader reader, List<GgufTensorInfo> tensors, uint alignment, long dataOffset)
    {
        foreach (var t in tensors)
        {
            if (t.Offset % alignment != 0)
                throw reader.Error($"tensor '{t.Name}' data offset {t.Offset} is not a multiple of the alignment {alignment}");
            var available = reader.Length - dataOffset;
            if (t.Offset > available || t.ByteSize > available - t.Offset)
            {
                var end = t.Offset > long.MaxValue - dataOffset - t.ByteSize ? (decimal)dataOffset + t.Offset + t.ByteSize : dataOffset + t.Offset + t.ByteSize;
                throw reader.Error($"truncated: tensor '{t.Name}' data ends at byte {end} but the file has {reader.Length} bytes");
            }
        }

        var byOffset = tensors.OrderBy(t => t.Offset).ToList();
        for (var i = 1; i < byOffset.Count; i++)
        {
            var previous = byOffset[i - 1];
            if (previous.Offset + previous.ByteSize > byOffset[i].Offset)
                throw reader.Error($"tensors '{previous.Name}' and '{byOffset[i].Name}' overlap");
        }
    }

    private static string Escape(byte[] bytes)
    {
        var sb = new StringBuilder();
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and < 0x7f && b != (byte)'\'' && b != (byte)'\\')
                sb.Append((char)b);
            else
                sb.Append($"\\x{b:X2}");
        }
        return sb.ToString();
    }
}
