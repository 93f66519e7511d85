using System.Text.RegularExpressions;

namespace LlmDistill.Generation.SelfInstruct;

/// <summary>
/// Parses the numbered list a teacher writes for a self-instruct prompt. Two shapes are accepted:
/// Alpaca's blocks (<c>9. Instruction: …</c> / <c>9. Input: …</c> / <c>9. Output: …</c>, separated by
/// <c>###</c>) and a plain list (<c>9. …</c> or <c>9) …</c>). Items numbered below
/// <paramref name="firstNumber"/> echo the prompt's examples and are skipped; a block without an
/// instruction is malformed and skipped; the last item is dropped when the text was cut off.
/// </summary>
public static partial class InstructionListParser
{
    public static IReadOnlyList<GeneratedInstruction> Parse(string text, int firstNumber = 1, bool truncated = false)
    {
        var items = new List<(int Number, GeneratedInstruction Item)>();
        if (AlpacaField().IsMatch(text))
        {
            foreach (var block in BlockSeparator().Split(text))
            {
                var fields = AlpacaField().Matches(block)
                    .GroupBy(m => m.Groups["field"].Value.ToLowerInvariant())
                    .ToDictionary(g => g.Key, g => g.First());
                if (!fields.TryGetValue("instruction", out var instruction))
                    continue;
                var value = (string field) => fields.TryGetValue(field, out var m) ? Clean(m.Groups["text"].Value) : "";
                var input = value("input");
                items.Add((int.Parse(instruction.Groups["n"].Value), new GeneratedInstruction(
                    value("instruction"), input.Equals("<noinput>", StringComparison.OrdinalIgnoreCase) ? "" : input,
                    fields.ContainsKey("output") ? value("output") : null)));
            }
        }
        else
        {
            foreach (Match m in PlainItem().Matches(text))
                items.Add((int.Parse(m.Groups["n"].Value), new GeneratedInstruction(Clean(m.Groups["text"].Value), "", null)));
        }
        if (truncated && items.Count > 0)
            items.RemoveAt(items.Count - 1);
        return [.. items.Where(i => i.Number >= firstNumber && i.Item.Instruction.Length > 0).Select(i => i.Item)];
    }

    private static string Clean(string s) => s.Trim().TrimEnd('#').Trim();

    [GeneratedRegex(@"(?ms)^\s*(?<n>\d+)\s*\.\s*(?<field>Instruction|Input|Output)\s*:\s*(?<text>.*?)(?=^\s*\d+\s*\.\s*(?:Instruction|Input|Output)\s*:|^\s*###|\z)", RegexOptions.IgnoreCase)]
    private static partial Regex AlpacaField();

    [GeneratedRegex(@"(?m)^\s*###\s*$")]
    private static partial Regex BlockSeparator();

    [GeneratedRegex(@"(?ms)^\s*(?<n>\d+)\s*[.)]\s+(?<text>.*?)(?=^\s*\d+\s*[.)]\s+|\z)")]
    private static partial Regex PlainItem();
}
