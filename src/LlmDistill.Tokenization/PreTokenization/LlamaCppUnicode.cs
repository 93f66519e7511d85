namespace LlmDistill.Tokenization.PreTokenization;

/// <summary>
/// Code point classes exactly as llama.cpp's pre-tokenizers see them. .NET's own tables (and its
/// regex engine, which works on UTF-16 code units) disagree with llama.cpp for astral letters,
/// newer Unicode assignments and the whitespace set, so parity needs llama.cpp's tables.
/// </summary>
internal static class LlamaCppUnicode
{
    public const byte Letter = 1;
    public const byte Number = 2;
    public const byte Whitespace = 4;

    /// <summary>Class of a position outside the text: nothing, like llama.cpp's empty flags.</summary>
    public const byte OutOfRange = 0;

    private const int CodePointCount = 0x110000;

    private static readonly byte[] Classes = Expand();

    public static byte ClassOf(int codePoint) =>
        (uint)codePoint < CodePointCount ? Classes[codePoint] : (byte)0;

    private static byte[] Expand()
    {
        var starts = LlamaCppUnicodeData.RunStarts;
        var values = LlamaCppUnicodeData.RunClasses;
        var classes = new byte[CodePointCount];
        for (var i = 0; i < starts.Length; i++)
        {
            var end = i + 1 < starts.Length ? starts[i + 1] : CodePointCount;
            classes.AsSpan(starts[i], end - starts[i]).Fill(values[i]);
        }
        return classes;
    }
}
