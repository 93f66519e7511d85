using System.Text;

namespace LlmDistill.Gguf.Tokenizer;

/// <summary>
/// GPT-2's byte-to-unicode table (<c>bytes_to_unicode</c> in OpenAI's encoder.py): byte-level BPE vocabularies
/// (llama.cpp's "gpt2" tokenizer model, Llama 3, Qwen) store each token's bytes as these printable characters,
/// e.g. a space is 'Ġ' (U+0120) and a newline 'Ċ' (U+010A).
/// </summary>
public static class ByteLevelEncoding
{
    private static readonly char[] ByteToCharTable = BuildTable();
    private static readonly Dictionary<char, byte> CharToByteTable =
        ByteToCharTable.Select((c, b) => (c, b)).ToDictionary(p => p.c, p => (byte)p.b);

    /// <summary>The 256 characters, indexed by byte value.</summary>
    public static IReadOnlyList<char> Table => ByteToCharTable;

    public static char ByteToChar(byte value) => ByteToCharTable[value];

    public static bool TryCharToByte(char c, out byte value) => CharToByteTable.TryGetValue(c, out value);

    /// <summary>Maps raw bytes (e.g. UTF-8 text) to their byte-level token spelling.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
            sb.Append(ByteToCharTable[b]);
        return sb.ToString();
    }

    /// <summary>The UTF-8 bytes of <paramref name="text"/>, byte-level encoded.</summary>
    public static string EncodeText(string text) => Encode(Encoding.UTF8.GetBytes(text));

    /// <summary>Maps a byte-level token back to bytes; false when a character is outside the table (e.g. a special token).</summary>
    public static bool TryDecode(string token, out byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(token);
        bytes = new byte[token.Length];
        for (var i = 0; i < token.Length; i++)
        {
            if (!CharToByteTable.TryGetValue(token[i], out bytes[i]))
            {
                bytes = [];
                return false;
            }
        }
        return true;
    }

    public static byte[] Decode(string token) => TryDecode(token, out var bytes)
        ? bytes
        : throw new ArgumentException($"'{token}' is not a byte-level encoded token", nameof(token));

    private static char[] BuildTable()
    {
        // Printable Latin-1 bytes map to themselves; the rest (controls, space, 0x7F-0xA0, 0xAD) to 256, 257, ...
        var table = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            table[b] = printable ? (char)b : (char)next++;
        }
        return table;
    }
}
