namespace LlmDistill.Gguf.Writing;

/// <summary>A tensor queued for writing; its data is produced only when the file is written.</summary>
internal sealed record GgufTensorSource(
    string Name,
    long[] Shape,
    GgufTensorType Type,
    long ByteSize,
    Action<Stream> WriteData);
