namespace LlmDistill.Gguf;

/// <summary>
/// Where a tensor's data lies in a GGUF file and how to interpret it. <see cref="Shape"/> is in GGUF order,
/// innermost first: <c>Shape[0]</c> is the row length (ggml's <c>ne[0]</c>), so a PyTorch weight of
/// shape (out, in) is stored as [in, out].
/// </summary>
public sealed class GgufTensorInfo
{
    internal GgufTensorInfo(string name, long[] shape, GgufTensorType type, long offset, long elementCount, long byteSize)
    {
        Name = name;
        Shape = shape;
        Type = type;
        Offset = offset;
        ElementCount = elementCount;
        ByteSize = byteSize;
    }

    public string Name { get; }

    /// <summary>Dimensions, innermost first (1 to 4 of them; empty for a scalar).</summary>
    public IReadOnlyList<long> Shape { get; }

    public GgufTensorType Type { get; }

    /// <summary>Byte offset of the data from the start of the data section (<see cref="GgufFile.DataOffset"/>).</summary>
    public long Offset { get; }

    public long ElementCount { get; }

    /// <summary>Bytes of data, without the alignment padding that follows it.</summary>
    public long ByteSize { get; }

    /// <summary>Elements per row (<c>Shape[0]</c>, or 1 for a scalar).</summary>
    public long RowLength => Shape.Count == 0 ? 1 : Shape[0];

    public override string ToString() => $"{Name} {Type} [{string.Join(", ", Shape)}]";
}
