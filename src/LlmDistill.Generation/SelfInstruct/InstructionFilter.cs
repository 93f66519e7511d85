using LlmDistill.Core.Text;

namespace LlmDistill.Generation.SelfInstruct;

/// <summary>
/// Alpaca's rules for dropping a generated instruction before the near-duplicate check: too short or
/// too long, mentions media a text model cannot handle, asks for a program, or starts oddly.
/// </summary>
public static class InstructionFilter
{
    /// <summary>Words that signal a task a language model cannot do from text (Alpaca's list).</summary>
    public static readonly IReadOnlyList<string> Blacklist =
    [
        "image", "images", "graph", "graphs", "picture", "pictures", "file", "files", "map", "maps",
        "draw", "plot", "go to", "video", "audio", "music", "flowchart", "diagram",
    ];

    /// <summary>Null when the instruction is acceptable, otherwise why not (for the record).</summary>
    public static string? Reject(string instruction)
    {
        var text = instruction.Trim();
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length <= 3)
            return "too_short";
        if (words.Length > 150)
            return "too_long";
        var lower = " " + string.Join(' ', RougeL.Tokenize(text)) + " ";
        var banned = Blacklist.FirstOrDefault(w => lower.Contains($" {w} ", StringComparison.Ordinal));
        if (banned is not null)
            return $"blacklisted:{banned}";
        if (text.StartsWith("Write a program", StringComparison.OrdinalIgnoreCase))
            return "program";
        if (char.IsPunctuation(text[0]) || char.IsSymbol(text[0]))
            return "starts_with_punctuation";
        if (!char.IsAscii(text[0]))
            return "starts_with_non_ascii";
        return null;
    }
}
