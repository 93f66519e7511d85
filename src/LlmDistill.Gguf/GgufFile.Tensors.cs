using LlmDistill.Core.Errors;
using LlmDistill.Gguf.Quantization;

namespace LlmDistill.Gguf;

public sealed partial class GgufFile
{
    // Large enough to amortise reads, and a multiple of every block size we decode.
    private const int ChunkBytes = 1 << 20;

    public byte[] ReadTensorBytes(string name) => ReadTensorBytes(GetTensor(name));

    /// <summary>The tensor's raw data as stored (no padding).</summary>
    public byte[] ReadTensorBytes(GgufTensorInfo tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.ByteSize > Array.MaxLength)
            throw new InvalidInputException(Reading.ErrorText.OneLine($"{FileName}: tensor '{tensor.Name}' has {tensor.ByteSize} bytes, too many for one array"));
        var bytes = new byte[tensor.ByteSize];
        ReadData(tensor, (stream, offset) =>
        {
            stream.Position = offset;
            stream.ReadExactly(bytes);
        });
        return bytes;
    }

    /// <summary>Copies the tensor's raw data to <paramref name="destination"/> without holding it all in memory.</summary>
    public void CopyTensorBytes(GgufTensorInfo tensor, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(destination);
        ReadData(tensor, (stream, offset) =>
        {
            stream.Position = offset;
            var buffer = new byte[(int)Math.Min(ChunkBytes, tensor.ByteSize)];
            for (var left = tensor.ByteSize; left > 0;)
            {
                var n = (int)Math.Min(buffer.Length, left);
                stream.ReadExactly(buffer, 0, n);
                destination.Write(buffer, 0, n);
                left -= n;
            }
        });
    }

    public float[] ReadTensorAsFloat32(string name) => ReadTensorAsFloat32(GetTensor(name));

    /// <summary>The tensor's values as float32, dequantizing F16, BF16 and Q8_0. Flattened, innermost dimension first.</summary>
    public float[] ReadTensorAsFloat32(GgufTensorInfo tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        CheckConvertible(tensor);
        if (tensor.ElementCount > Array.MaxLength)
            throw new InvalidInputException(Reading.ErrorText.OneLine($"{FileName}: tensor '{tensor.Name}' has {tensor.ElementCount} elements, too many for one array"));
        var values = new float[tensor.ElementCount];
        ReadTensorAsFloat32(tensor, values);
        return values;
    }

    /// <summary>
    /// Dequantizes into <paramref name="destination"/> (exactly <see cref="GgufTensorInfo.ElementCount"/> long),
    /// e.g. straight into a training framework's buffer.
    /// </summary>
    public void ReadTensorAsFloat32(GgufTensorInfo tensor, Memory<float> destination)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        CheckConvertible(tensor);
        if (destination.Length != tensor.ElementCount)
            throw new ArgumentException($"tensor '{tensor.Name}' has {tensor.ElementCount} elements, the destination {destination.Length}", nameof(destination));
        var blockSize = GgufTensorTypes.BlockSize(tensor.Type);
        var blockBytes = GgufTensorTypes.BlockBytes(tensor.Type);
        var blocksPerChunk = ChunkBytes / blockBytes;
        ReadData(tensor, (stream, offset) =>
        {
            stream.Position = offset;
            var buffer = new byte[(int)Math.Min((long)blocksPerChunk * blockBytes, tensor.ByteSize)];
            var done = 0;
            while (done < destination.Length)
            {
                var blocks = Math.Min(blocksPerChunk, (destination.Length - done) / blockSize);
                var chunk = buffer.AsSpan(0, blocks * blockBytes);
                stream.ReadExactly(chunk);
                TensorCodec.Decode(chunk, tensor.Type, destination.Span.Slice(done, blocks * blockSize));
                done += blocks * blockSize;
            }
        });
    }

    private void CheckConvertible(GgufTensorInfo tensor)
    {
        if (!TensorCodec.CanConvert(tensor.Type))
        {
            throw new InvalidInputException(Reading.ErrorText.OneLine(
                $"{FileName}: tensor '{tensor.Name}' has type {tensor.Type}, which cannot be converted to float32 (supported: F32, F16, BF16, Q8_0)"));
        }
    }

    private void ReadData(GgufTensorInfo tensor, Action<Stream, long> read)
    {
        if (!_tensorsByName.TryGetValue(tensor.Name, out var own) || !ReferenceEquals(own, tensor))
            throw new ArgumentException($"tensor '{tensor.Name}' does not belong to {FileName}", nameof(tensor));
        var offset = DataOffset + tensor.Offset;
        try
        {
            if (_ownsStreams)
            {
                using var stream = _open();
                read(stream, offset);
                return;
            }
            var shared = _open();
            lock (shared)
                read(shared, offset);
        }
        catch (EndOfStreamException e)
        {
            throw new GgufFormatException(
                $"{FileName}: truncated: tensor '{tensor.Name}' data ends at byte {offset + tensor.ByteSize} but the file is shorter now", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException(Reading.ErrorText.OneLine($"{FileName}: cannot read tensor '{tensor.Name}': {e.Message}"), e);
        }
    }
}
