using LlmDistill.Core.Errors;
using LlmDistill.Gguf.Reading;

namespace LlmDistill.Gguf;

/// <summary>
/// A validated GGUF file (versions 2 and 3). Opening parses and checks the header, metadata and tensor
/// infos; tensor data is read only when asked for, so inspecting a large model is cheap. Any defect
/// becomes a <see cref="GgufFormatException"/> whose message starts with the file name.
/// </summary>
public sealed partial class GgufFile
{
    private readonly Func<Stream> _open;
    private readonly bool _ownsStreams;
    private readonly Dictionary<string, GgufTensorInfo> _tensorsByName;

    private GgufFile(string fileName, GgufParser.Result parsed, long fileLength, Func<Stream> open, bool ownsStreams)
    {
        FileName = fileName;
        Version = parsed.Version;
        Alignment = parsed.Alignment;
        DataOffset = parsed.DataOffset;
        FileLength = fileLength;
        Metadata = new System.Collections.ObjectModel.ReadOnlyDictionary<string, GgufValue>(parsed.Metadata);
        Tensors = parsed.Tensors.AsReadOnly();
        _tensorsByName = parsed.Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        _open = open;
        _ownsStreams = ownsStreams;
    }

    /// <summary>The name used in error messages (the path as given).</summary>
    public string FileName { get; }

    public uint Version { get; }

    /// <summary>Data alignment: <c>general.alignment</c>, or 32 when absent.</summary>
    public uint Alignment { get; }

    /// <summary>Absolute byte offset of the data section; tensor offsets are relative to it.</summary>
    public long DataOffset { get; }

    public long FileLength { get; }

    /// <summary>All metadata, in file order.</summary>
    public IReadOnlyDictionary<string, GgufValue> Metadata { get; }

    /// <summary>Tensor infos, in file order.</summary>
    public IReadOnlyList<GgufTensorInfo> Tensors { get; }

    /// <summary>Opens and validates a GGUF file. Tensor reads later reopen the file by path.</summary>
    public static GgufFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
            throw new InvalidInputException($"{path}: is a directory, not a GGUF file");
        if (!File.Exists(path))
            throw new InvalidInputException($"{path}: file not found");
        Stream Open() => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);
        try
        {
            using var stream = Open();
            return new GgufFile(path, GgufParser.Parse(stream, path), stream.Length, Open, ownsStreams: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{path}: cannot read: {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads a GGUF file from a seekable stream that starts at the file's first byte. The stream is kept
    /// (not disposed) for tensor reads, so it must stay open as long as this object is used.
    /// </summary>
    public static GgufFile Read(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        if (!stream.CanSeek || !stream.CanRead)
            throw new ArgumentException("the stream must be readable and seekable", nameof(stream));
        return new GgufFile(name, GgufParser.Parse(stream, name), stream.Length, () => stream, ownsStreams: false);
    }

    public bool ContainsTensor(string name) => _tensorsByName.ContainsKey(name);

    public bool TryGetTensor(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out GgufTensorInfo? tensor) =>
        _tensorsByName.TryGetValue(name, out tensor);

    /// <summary>The tensor called <paramref name="name"/>; a <see cref="GgufFormatException"/> when missing.</summary>
    public GgufTensorInfo GetTensor(string name) =>
        _tensorsByName.TryGetValue(name, out var tensor) ? tensor : throw Error($"tensor '{name}' not found");

    internal GgufFormatException Error(string message) => new($"{FileName}: {message}");
}
