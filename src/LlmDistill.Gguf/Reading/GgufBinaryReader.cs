using System.Buffers.Binary;
using System.Text;

namespace LlmDistill.Gguf.Reading;

/// <summary>
/// Little-endian reads over a seekable stream with a known length. Every read checks the remaining bytes
/// first, so a corrupt length can neither read past the end nor make the caller allocate more than the file holds.
/// </summary>
internal sealed class GgufBinaryReader
{
    private readonly Stream _stream;
    private readonly string _file;
    private readonly byte[] _buffer;
    private long _bufferStart;
    private int _bufferPosition;
    private int _bufferLength;

    public GgufBinaryReader(Stream stream, string file)
    {
        _stream = stream;
        _file = file;
        Length = stream.Length;
        _buffer = new byte[(int)Math.Clamp(Length, 16, 1 << 16)]; // small files (and fuzzing) need no 64 KiB buffer
        _bufferStart = 0;
    }

    public long Length { get; }

    public long Position => _bufferStart + _bufferPosition;

    public long Remaining => Length - Position;

    public byte ReadUInt8(string what) => Take(1, what)[0];

    public ushort ReadUInt16(string what) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, what));

    public uint ReadUInt32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));

    public ulong ReadUInt64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, what));

    /// <summary>Reads a GGUF string: a uint64 byte count, then UTF-8 bytes (invalid sequences become U+FFFD).</summary>
    public string ReadString(string what)
    {
        var length = ReadUInt64(what);
        if (length > (ulong)Remaining)
            throw Error($"truncated: {what} is a string of {length} bytes but only {Remaining} bytes remain");
        if (length > int.MaxValue)
            throw Error($"{what} is a string of {length} bytes, more than this reader supports");
        return Encoding.UTF8.GetString(ReadBytes((int)length, what));
    }

    /// <summary>Reads <paramref name="count"/> bytes after checking that the file holds them.</summary>
    public byte[] ReadBytes(int count, string what)
    {
        if (count > Remaining)
            throw Truncated(what, Position + count);
        var result = new byte[count];
        var done = 0;
        while (done < count)
        {
            if (_bufferPosition == _bufferLength)
                Fill(what, count - done);
            var n = Math.Min(count - done, _bufferLength - _bufferPosition);
            _buffer.AsSpan(_bufferPosition, n).CopyTo(result.AsSpan(done));
            _bufferPosition += n;
            done += n;
        }
        return result;
    }

    public void Seek(long position)
    {
        _bufferStart = position;
        _bufferPosition = 0;
        _bufferLength = 0;
    }

    public GgufFormatException Error(string message) => new($"{_file}: {message}");

    public GgufFormatException Truncated(string what, long end) =>
        Error($"truncated: {what} ends at byte {end} but the file has {Length} bytes");

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (_bufferLength - _bufferPosition < count)
        {
            if (count > Remaining)
                throw Truncated(what, Position + count);
            Fill(what, count);
        }
        var span = _buffer.AsSpan(_bufferPosition, count);
        _bufferPosition += count;
        return span;
    }

    // Moves the unread bytes to the front of the buffer and reads at least `needed` more bytes.
    private void Fill(string what, int needed)
    {
        var kept = _bufferLength - _bufferPosition;
        _buffer.AsSpan(_bufferPosition, kept).CopyTo(_buffer);
        _bufferStart += _bufferPosition;
        _bufferPosition = 0;
        _bufferLength = kept;
        _stream.Position = _bufferStart + kept;
        var wanted = (int)Math.Min(_buffer.Length - kept, Length - _bufferStart - kept);
        var read = _stream.ReadAtLeast(_buffer.AsSpan(kept, wanted), Math.Min(needed, wanted), throwOnEndOfStream: false);
        _bufferLength += read;
        if (_bufferLength < Math.Min(needed, _buffer.Length))
            throw Truncated(what, Position + needed);
    }
}
