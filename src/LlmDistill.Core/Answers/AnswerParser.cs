using System.Globalization;
using System.Text.RegularExpressions;

namespace LlmDistill.Core.Answers;

/// <summary>
/// Splits generated text into rationale and answer at a marker (GSM8K's <c>####</c> by default) and
/// normalises numeric answers so that "1,200", "$1200" and "1200.0" compare equal.
/// </summary>
public sealed partial class AnswerParser
{
    public const string DefaultMarker = "####";

    public AnswerParser(string marker = DefaultMarker)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(marker);
        Marker = marker;
    }

    public string Marker { get; }

    /// <summary>
    /// Parses <paramref name="text"/>. The answer is the first line after the last marker; without a
    /// marker there is no answer (a model that did not finish its format did not answer).
    /// </summary>
    public ParsedAnswer Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.LastIndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
            return new ParsedAnswer(text.Trim(), null);
        var rationale = text[..at].Trim();
        var rest = text[(at + Marker.Length)..].TrimStart();
        var end = rest.IndexOfAny(['\n', '\r']);
        var answer = (end < 0 ? rest : rest[..end]).Trim();
        return new ParsedAnswer(rationale, answer.Length == 0 ? null : Normalize(answer));
    }

    /// <summary>
    /// Canonical form of an answer: numbers lose thousands separators, currency signs, a trailing
    /// period and a zero fraction; other text is trimmed, whitespace collapsed and lower-cased.
    /// </summary>
    public static string Normalize(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var s = answer.Trim().TrimEnd('.').Trim();
        var number = NumberPattern().Match(s);
        if (number.Success)
        {
            var digits = number.Groups["n"].Value.Replace(",", "", StringComparison.Ordinal);
            if (decimal.TryParse(digits, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
                return (number.Groups["sign"].Value == "-" ? -value : value).ToString("0.##########", CultureInfo.InvariantCulture);
        }
        return WhitespacePattern().Replace(s, " ").ToLowerInvariant();
    }

    /// <summary>True when two answers are the same after <see cref="Normalize"/>.</summary>
    public static bool AreEquivalent(string? a, string? b) =>
        a is not null && b is not null && Normalize(a) == Normalize(b);

    [GeneratedRegex(@"^(?<sign>-)?\s*[$€£]?\s*(?<n>\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?|\.\d+)\s*[$€£%]?$")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();
}
