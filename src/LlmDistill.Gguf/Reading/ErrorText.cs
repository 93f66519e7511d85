using System.Text;

namespace LlmDistill.Gguf.Reading;

/// <summary>
/// Keeps error messages to one readable line: names read from a corrupt file may hold newlines, control
/// characters or megabytes of text.
/// </summary>
internal static class ErrorText
{
    private const int MaxLength = 400;

    public static string OneLine(string message)
    {
        var sb = new StringBuilder(Math.Min(message.Length, MaxLength + 16));
        foreach (var c in message)
        {
            if (sb.Length >= MaxLength)
            {
                sb.Append("...");
                break;
            }
            if (char.IsControl(c) || c is '\u2028' or '\u2029')
                sb.Append($"\\x{(int)c:X2}");
            else
                sb.Append(c);
        }
        return sb.ToString();
    }
}
