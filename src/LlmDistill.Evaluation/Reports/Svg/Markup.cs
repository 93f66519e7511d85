using System.Globalization;
using System.Text;

namespace LlmDistill.Evaluation.Reports.Svg;

/// <summary>Text and numbers as they go into SVG and HTML, the same way every time.</summary>
internal static class Markup
{
    /// <summary>
    /// Escapes for element text and quoted attributes alike, and drops what XML cannot hold (control characters,
    /// lone surrogates), which a model with random weights happily emits.
    /// </summary>
    public static string Escape(string? text) => Write(text, escape: true);

    /// <summary>Drops what XML cannot hold, as <see cref="Escape"/> does, but leaves markup characters alone.</summary>
    public static string Clean(string? text) => Write(text, escape: false);

    private static string Write(string? text, bool escape)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        var sb = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '&' or '<' or '>' or '"' or '\'' when !escape: sb.Append(c); break;
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                case '\t' or '\n' or '\r': sb.Append(c); break;
                case < ' ' or '\uFFFE' or '\uFFFF': break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        sb.Append(c).Append(text[++i]);
                    }
                    else if (!char.IsSurrogate(c))
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>A coordinate: two decimals at most, invariant culture, never "-0".</summary>
    public static string Num(double value)
    {
        var rounded = Math.Round(value, 2);
        return rounded == 0 ? "0" : rounded.ToString("0.##", CultureInfo.InvariantCulture);
    }

    /// <summary>Rough width of <paramref name="text"/> in a sans-serif face, for layout without font metrics.</summary>
    public static double TextWidth(string text, double fontSize) => text.Length * fontSize * 0.54;
}
