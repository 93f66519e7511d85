using System.Text;
using LlmDistill.Core.Errors;

namespace LlmDistill.Llama.Validation;

/// <summary>
/// Walks a GGUF file's structure in managed code before llama.cpp sees it (DESIGN.md: "GGUF files are
/// validated in C# before llama.cpp sees them"): magic, version, every metadata value and tensor record
/// within the file, and every tensor's data within the file for the types whose size is known here.
/// Kept in this project (which depends only on Core) rather than using LlmDistill.Gguf's reader: it is a
/// bounds check, not a parser, and needs no values.
/// </summary>
internal static class GgufFileCheck
{
    private const uint Magic = 0x46554747; // "GGUF" read little-endian
    private const int MaxDimensions = 4;

    /// <summary>Throws <see cref="InvalidInputException"/> unless <paramref name="path"/> looks like a readable GGUF.</summary>
    public static void Validate(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new InvalidInputException($"model file not found: {path}");
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: false);
            Walk(reader, stream.Length);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidInputException($"corrupt GGUF file {path}: truncated", e);
        }
        catch (FormatException e)
        {
            throw new InvalidInputException($"corrupt GGUF file {path}: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"cannot read model file {path}: {e.Message}", e);
        }
    }

    private static void Walk(BinaryReader reader, long length)
    {
        if (length < 24 || reader.ReadUInt32() != Magic)
            throw new FormatException("not a GGUF file (bad magic)");
        var version = reader.ReadUInt32();
        if (version is not (2 or 3))
            throw new FormatException($"unsupported GGUF version {version} (llama.cpp reads 2 and 3)");
        var tensorCount = reader.ReadUInt64();
        var kvCount = reader.ReadUInt64();
        // Each metadata entry takes at least 12 bytes and each tensor record at least 24.
        if (kvCount > (ulong)length / 12 || tensorCount > (ulong)length / 24)
            throw new FormatException($"counts ({kvCount} metadata, {tensorCount} tensors) exceed the file size");

        ulong alignment = 32;
        for (ulong i = 0; i < kvCount; i++)
        {
            var key = ReadString(reader, length);
            var type = reader.ReadUInt32();
            if (key == "general.alignment" && type == 4)
            {
                alignment = reader.ReadUInt32();
                if (alignment == 0 || (alignment & (alignment - 1)) != 0)
                    throw new FormatException($"general.alignment {alignment} is not a power of two");
            }
            else
            {
                SkipValue(reader, type, length, depth: 0);
            }
        }

        var tensors = new List<(ulong Offset, ulong Bytes)>();
        for (ulong i = 0; i < tensorCount; i++)
        {
            var name = ReadString(reader, length);
            var dims = reader.ReadUInt32();
            if (dims is 0 or > MaxDimensions)
                throw new FormatException($"tensor '{name}' has {dims} dimensions");
            ulong elements = 1;
            for (var d = 0; d < dims; d++)
            {
                var n = reader.ReadUInt64();
                elements = n == 0 ? 0 : checked(elements * n);
            }
            var type = reader.ReadUInt32();
            var offset = reader.ReadUInt64();
            if (offset % alignment != 0)
                throw new FormatException($"tensor '{name}' data offset {offset} is not aligned to {alignment}");
            if (TensorBytes(type, elements) is { } bytes)
                tensors.Add((offset, bytes));
        }

        var dataStart = ((ulong)reader.BaseStream.Position + alignment - 1) / alignment * alignment;
        foreach (var (offset, bytes) in tensors)
        {
            if (dataStart + offset + bytes > (ulong)length)
                throw new FormatException("tensor data extends past the end of the file (truncated?)");
        }
    }

    private static string ReadString(BinaryReader reader, long length)
    {
        var n = reader.ReadUInt64();
        if (n > (ulong)(length - reader.BaseStream.Position))
            throw new FormatException("a string extends past the end of the file");
        return Encoding.UTF8.GetString(reader.ReadBytes((int)n));
    }

    private static void SkipValue(BinaryReader reader, uint type, long length, int depth)
    {
        if (type == 8)
        {
            var n = reader.ReadUInt64();
            if (n > (ulong)(length - reader.BaseStream.Position))
                throw new FormatException("a string extends past the end of the file");
            reader.BaseStream.Seek((long)n, SeekOrigin.Current);
            return;
        }
        if (type == 9)
        {
            if (depth > 2)
                throw new FormatException("arrays nested too deeply");
            var elementType = reader.ReadUInt32();
            var count = reader.ReadUInt64();
            if (count > (ulong)(length - reader.BaseStream.Position))
                throw new FormatException("an array extends past the end of the file");
            if (ScalarSize(elementType) is { } size)
            {
                var bytes = checked(count * (ulong)size);
                if (bytes > (ulong)(length - reader.BaseStream.Position))
                    throw new FormatException("an array extends past the end of the file");
                reader.BaseStream.Seek((long)bytes, SeekOrigin.Current);
                return;
            }
            for (ulong i = 0; i < count; i++)
                SkipValue(reader, elementType, length, depth + 1);
            return;
        }
        var scalar = ScalarSize(type) ?? throw new FormatException($"unknown metadata value type {type}");
        if (reader.BaseStream.Position + scalar > length)
            throw new EndOfStreamException();
        reader.BaseStream.Seek(scalar, SeekOrigin.Current);
    }

    // GGUF value types: 0 u8, 1 i8, 2 u16, 3 i16, 4 u32, 5 i32, 6 f32, 7 bool, 8 string, 9 array, 10 u64, 11 i64, 12 f64.
    private static int? ScalarSize(uint type) => type switch
    {
        0 or 1 or 7 => 1,
        2 or 3 => 2,
        4 or 5 or 6 => 4,
        10 or 11 or 12 => 8,
        _ => null,
    };

    // ggml_type -> (block size, bytes per block) for the types this project writes or commonly meets.
    private static ulong? TensorBytes(uint type, ulong elements)
    {
        (ulong Block, ulong Bytes)? layout = type switch
        {
            0 => (1, 4),      // F32
            1 => (1, 2),      // F16
            2 => (32, 18),    // Q4_0
            3 => (32, 20),    // Q4_1
            6 => (32, 22),    // Q5_0
            7 => (32, 24),    // Q5_1
            8 => (32, 34),    // Q8_0
            10 => (256, 84),  // Q2_K
            11 => (256, 110), // Q3_K
            12 => (256, 144), // Q4_K
            13 => (256, 176), // Q5_K
            14 => (256, 210), // Q6_K
            24 => (1, 1),     // I8
            25 => (1, 2),     // I16
            26 => (1, 4),     // I32
            27 => (1, 8),     // I64
            28 => (1, 8),     // F64
            30 => (1, 2),     // BF16
            _ => null,
        };
        if (layout is not { } l)
            return null;
        if (elements % l.Block != 0)
            throw new FormatException($"tensor of ggml type {type} has {elements} elements, not a multiple of its block size {l.Block}");
        return checked(elements / l.Block * l.Bytes);
    }
}
