using System.Text;
using LlmDistill.Gguf.Quantization;
using LlmDistill.Gguf.Reading;
using LlmDistill.Gguf.Writing;

namespace LlmDistill.Gguf;

/// <summary>
/// Builds a GGUF v3 file: metadata in insertion order (replacing a key keeps its place), then tensors in
/// the order added, each aligned to <see cref="Alignment"/> exactly as llama.cpp's own writer lays them out.
/// Tensor data is referenced, not copied, and converted in chunks while writing, so a large model needs
/// no second copy in memory. Shapes are in GGUF order, innermost first (<c>[row length, rows]</c>).
/// </summary>
public sealed partial class GgufWriter
{
    private const int ChunkElements = 1 << 16; // a multiple of every block size we encode

    private readonly OrderedDictionary<string, GgufValue> _metadata = new(StringComparer.Ordinal);
    private readonly List<GgufTensorSource> _tensors = [];
    private readonly HashSet<string> _tensorNames = new(StringComparer.Ordinal);

    /// <summary>All metadata set so far, in write order.</summary>
    public IReadOnlyDictionary<string, GgufValue> Metadata => _metadata;

    public IReadOnlyList<string> TensorNames => [.. _tensors.Select(t => t.Name)];

    /// <summary>Data alignment: the <c>general.alignment</c> value when set, else 32.</summary>
    public uint Alignment => _metadata.TryGetValue(GgufKeys.Alignment, out var v) ? v.AsUInt32() : GgufParser.DefaultAlignment;

    /// <summary>Adds a tensor given as float32 values, stored as <paramref name="type"/> (F32, F16, BF16 or Q8_0).</summary>
    public GgufWriter AddTensor(string name, ReadOnlySpan<long> shape, ReadOnlyMemory<float> values, GgufTensorType type = GgufTensorType.F32)
    {
        if (!TensorCodec.CanConvert(type))
            throw new ArgumentException($"cannot encode float32 values as {type} (supported: F32, F16, BF16, Q8_0)", nameof(type));
        var (dims, elements, bytes) = CheckTensor(name, shape, type);
        if (values.Length != elements)
            throw new ArgumentException($"tensor '{name}' has shape [{string.Join(", ", dims)}] = {elements} elements but {values.Length} values were given", nameof(values));
        Add(new GgufTensorSource(name, dims, type, bytes, stream => EncodeTo(stream, values.Span, type)));
        return this;
    }

    /// <summary>Adds a tensor whose data is already encoded as <paramref name="type"/> (any ggml type).</summary>
    public GgufWriter AddTensorBytes(string name, ReadOnlySpan<long> shape, GgufTensorType type, ReadOnlyMemory<byte> data)
    {
        var (dims, _, bytes) = CheckTensor(name, shape, type);
        if (data.Length != bytes)
            throw new ArgumentException($"tensor '{name}' of type {type} and shape [{string.Join(", ", dims)}] takes {bytes} bytes but {data.Length} were given", nameof(data));
        Add(new GgufTensorSource(name, dims, type, bytes, stream => stream.Write(data.Span)));
        return this;
    }

    /// <summary>
    /// Adds a tensor whose encoded bytes <paramref name="writeData"/> writes to the stream it is given, when
    /// the file is written; it must write exactly the tensor's byte size.
    /// </summary>
    public GgufWriter AddTensor(string name, ReadOnlySpan<long> shape, GgufTensorType type, Action<Stream> writeData)
    {
        ArgumentNullException.ThrowIfNull(writeData);
        var (dims, _, bytes) = CheckTensor(name, shape, type);
        Add(new GgufTensorSource(name, dims, type, bytes, writeData));
        return this;
    }

    /// <summary>A writer holding all of <paramref name="file"/>'s metadata and tensors (read from it while writing).</summary>
    public static GgufWriter CopyOf(GgufFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var writer = new GgufWriter();
        foreach (var (key, value) in file.Metadata)
            writer.Set(key, value);
        foreach (var t in file.Tensors)
            writer.AddTensor(t.Name, t.Shape.ToArray(), t.Type, stream => file.CopyTensorBytes(t, stream));
        return writer;
    }

    /// <summary>Writes the file atomically: to a temporary file in the same folder, then renamed over <paramref name="path"/>.</summary>
    public void Write(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Writes the file to <paramref name="stream"/> (which needs not be seekable).</summary>
    public void Write(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var alignment = Alignment;
        var writer = new GgufStreamWriter(stream);
        writer.WriteUInt32(GgufParser.Magic);
        writer.WriteUInt32(3);
        writer.WriteUInt64((ulong)_tensors.Count);
        writer.WriteUInt64((ulong)_metadata.Count);
        foreach (var (key, value) in _metadata)
        {
            writer.WriteString(key);
            writer.WriteUInt32((uint)value.Type);
            writer.WriteValue(value);
        }

        long offset = 0;
        foreach (var t in _tensors)
        {
            writer.WriteString(t.Name);
            writer.WriteUInt32((uint)t.Shape.Length);
            foreach (var d in t.Shape)
                writer.WriteUInt64((ulong)d);
            writer.WriteUInt32((uint)t.Type);
            writer.WriteUInt64((ulong)offset);
            offset += GgufParser.AlignUp(t.ByteSize, alignment);
        }
        writer.Pad(alignment);

        using var counter = new CountingStream(stream);
        foreach (var t in _tensors)
        {
            var before = counter.Count;
            t.WriteData(counter);
            if (counter.Count - before != t.ByteSize)
                throw new InvalidOperationException($"tensor '{t.Name}' wrote {counter.Count - before} bytes, expected {t.ByteSize}");
            var padding = GgufParser.AlignUp(t.ByteSize, alignment) - t.ByteSize;
            counter.Write(new byte[padding]);
        }
        stream.Flush();
    }

    private static void EncodeTo(Stream stream, ReadOnlySpan<float> values, GgufTensorType type)
    {
        var buffer = new byte[GgufTensorTypes.ByteCount(type, Math.Min(ChunkElements, values.Length))];
        for (var start = 0; start < values.Length; start += ChunkElements)
        {
            var chunk = values.Slice(start, Math.Min(ChunkElements, values.Length - start));
            var bytes = buffer.AsSpan(0, (int)GgufTensorTypes.ByteCount(type, chunk.Length));
            TensorCodec.Encode(chunk, type, bytes);
            stream.Write(bytes);
        }
    }

    private (long[] Shape, long Elements, long Bytes) CheckTensor(string name, ReadOnlySpan<long> shape, GgufTensorType type)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (Encoding.UTF8.GetByteCount(name) > GgufParser.MaxNameBytes)
            throw new ArgumentException($"tensor name '{name}' is longer than ggml's limit of {GgufParser.MaxNameBytes} bytes", nameof(name));
        if (_tensorNames.Contains(name))
            throw new ArgumentException($"tensor '{name}' was already added", nameof(name));
        if (!GgufTensorTypes.TryGetLayout(type, out var blockSize, out _))
            throw new ArgumentException($"unknown tensor type {(uint)type}", nameof(type));
        if (shape.Length > GgufParser.MaxDimensions)
            throw new ArgumentException($"tensor '{name}' has {shape.Length} dimensions; at most {GgufParser.MaxDimensions} are allowed", nameof(shape));
        long elements = 1;
        foreach (var d in shape)
        {
            if (d <= 0)
                throw new ArgumentException($"tensor '{name}' has a dimension of {d}; dimensions must be positive", nameof(shape));
            elements = checked(elements * d);
        }
        var rowLength = shape.Length == 0 ? 1 : shape[0];
        if (rowLength % blockSize != 0)
            throw new ArgumentException($"tensor '{name}' has rows of {rowLength} elements; {type} needs a multiple of {blockSize}", nameof(shape));
        return (shape.ToArray(), elements, GgufTensorTypes.ByteCount(type, elements));
    }

    private void Add(GgufTensorSource tensor)
    {
        _tensorNames.Add(tensor.Name);
        _tensors.Add(tensor);
    }
}
