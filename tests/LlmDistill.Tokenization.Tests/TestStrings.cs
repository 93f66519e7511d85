using System.Text;

namespace LlmDistill.Tokenization.Tests;

/// <summary>
/// Deterministic test strings that stress tokenizers where implementations disagree: code points from every
/// plane (assigned or not), combining marks, CJK, right-to-left scripts, whitespace runs, digit runs, emoji
/// with ZWJ sequences and skin tones, contractions in any case, and special-token text.
/// </summary>
internal static class TestStrings
{
    private static readonly string[] Words =
    [
        "the", "The", "apples", "boxes", "Alice", "gives", "away", "how", "many", "now", "answer", "rationale",
        "hello", "world", "naïve", "café", "Straße", "über", "ΑΒΓ", "привет", "مرحبا", "שלום", "日本語", "中文", "한국어",
        "हिन्दी", "ไทย", "e\u0301", "a\u0308\u0301", "x\u20DD", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "𠀀𠀁", "Ⅻ", "½", "²", "٣٤", "߀",
    ];

    private static readonly string[] Contractions = ["'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'T", "'RE", "'Ve", "'M", "'LL", "'D", "'x", "'"];

    private static readonly string[] Emoji =
    [
        "😀", "👍🏽", "👨‍👩‍👧‍👦", "🏳️‍🌈", "❤️", "🇩🇪", "🧑🏿‍💻", "👩‍❤️‍💋‍👨", "✊🏾", "1️⃣", "🫠", "🦀",
    ];

    private static readonly string[] Whitespace = [" ", "  ", "   ", "\t", "\n", "\r\n", "\r", "\n\n", " \n ", "\t \t", "\u00A0", "\u3000", "\u2009", "\u000B", "\u000C", "\u0085", "\u2028"];

    private static readonly string[] Punctuation = ["!", "?", ".", ",", "...", "--", "#", "####", "$", "€", "(", ")", "[", "]", "<", ">", "|", "<|", "|>", "\"", "``", "=", "*", "→"];

    /// <summary><paramref name="count"/> strings from a fixed seed, plus the given special-token spellings mixed in.</summary>
    public static List<string> Generate(int count, int seed, IReadOnlyList<string> specialTokens)
    {
        var random = new Random(seed);
        var strings = new List<string>(count);
        for (var i = 0; i < count; i++)
            strings.Add(Next(random, specialTokens));
        return strings;
    }

    private static string Next(Random random, IReadOnlyList<string> specialTokens)
    {
        var sb = new StringBuilder();
        var parts = random.Next(1, 12);
        for (var p = 0; p < parts; p++)
        {
            switch (random.Next(10))
            {
                case 0:
                    AppendRandomCodePoints(sb, random);
                    break;
                case 1:
                    sb.Append(Whitespace[random.Next(Whitespace.Length)]);
                    if (random.Next(2) == 0)
                        sb.Append(Whitespace[random.Next(Whitespace.Length)]);
                    break;
                case 2:
                    for (var d = random.Next(1, 9); d > 0; d--)
                        sb.Append((char)('0' + random.Next(10)));
                    break;
                case 3:
                    sb.Append(Emoji[random.Next(Emoji.Length)]);
                    break;
                case 4:
                    sb.Append(Contractions[random.Next(Contractions.Length)]);
                    break;
                case 5 when specialTokens.Count > 0:
                    sb.Append(specialTokens[random.Next(specialTokens.Count)]);
                    break;
                case 6:
                    sb.Append(Punctuation[random.Next(Punctuation.Length)]);
                    break;
                default:
                    if (random.Next(3) > 0)
                        sb.Append(' ');
                    sb.Append(Words[random.Next(Words.Length)]);
                    break;
            }
        }
        return sb.ToString();
    }

    // Code points from the BMP, the supplementary planes (assigned or not), combining marks, CJK and RTL blocks.
    private static void AppendRandomCodePoints(StringBuilder sb, Random random)
    {
        for (var n = random.Next(1, 6); n > 0; n--)
        {
            var cp = random.Next(8) switch
            {
                0 => random.Next(0x01, 0x250),
                1 => random.Next(0x0300, 0x0370),   // combining diacritics
                2 => random.Next(0x0590, 0x0800),   // Hebrew, Arabic, Syriac, Thaana, NKo
                3 => random.Next(0x4E00, 0xA000),   // CJK
                4 => random.Next(0x10000, 0x30000), // SMP/SIP: historic scripts, emoji, CJK extensions
                5 => random.Next(0x30000, 0x110000), // TIP and beyond: mostly unassigned, private use
                6 => random.Next(0x2000, 0x3100),   // punctuation, symbols, spaces
                _ => random.Next(0x80, 0xFFFE),
            };
            if (cp is >= 0xD800 and <= 0xDFFF)
                cp = 0xFFFD;
            sb.Append(char.ConvertFromUtf32(cp));
        }
    }
}
