using System.Globalization;
using System.Text.RegularExpressions;
using LlmDistill.Tests.Shared;
using LlmDistill.Tokenization.PreTokenization;

namespace LlmDistill.Tokenization.Tests.PreTokenization;

public class LlamaCppUnicodeTests
{
    [Fact]
    public void Embedded_classes_equal_the_pinned_llama_cpp_tables_for_every_code_point()
    {
        var source = File.ReadAllText(LlamaCppSource.Path("src", "unicode-data.cpp"));
        var ranges = Regex.Matches(Block(source, "unicode_ranges_flags"), @"\{0x([0-9A-F]+), 0x([0-9A-F]+)\}")
            .Select(m => (Start: Hex(m.Groups[1].Value), Flags: Hex(m.Groups[2].Value))).ToList();
        var whitespace = Regex.Matches(Block(source, "unicode_set_whitespace"), "0x([0-9A-F]+)")
            .Select(m => Hex(m.Groups[1].Value)).ToHashSet();

        var wrong = new List<int>();
        for (var r = 0; r + 1 < ranges.Count; r++)
        {
            for (var cp = ranges[r].Start; cp < ranges[r + 1].Start; cp++)
            {
                var expected = ((ranges[r].Flags & 0x4) != 0 ? LlamaCppUnicode.Letter : 0)
                    | ((ranges[r].Flags & 0x2) != 0 ? LlamaCppUnicode.Number : 0)
                    | (whitespace.Contains(cp) ? LlamaCppUnicode.Whitespace : 0);
                if (LlamaCppUnicode.ClassOf(cp) != expected && wrong.Count < 10)
                    wrong.Add(cp);
            }
        }
        Assert.Equal(0x110000, ranges[^1].Start);
        Assert.Empty(wrong);
    }

    private static string Block(string source, string name)
    {
        var start = source.IndexOf(name, StringComparison.Ordinal);
        return source[start..source.IndexOf("};", start, StringComparison.Ordinal)];
    }

    private static int Hex(string s) => int.Parse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
