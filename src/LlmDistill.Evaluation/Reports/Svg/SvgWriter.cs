using System.Text;

namespace LlmDistill.Evaluation.Reports.Svg;

/// <summary>
/// Appends SVG elements with escaped text and fixed number formatting. Attributes are written in the order
/// given, so the same chart is the same bytes.
/// </summary>
internal sealed class SvgWriter
{
    public const string FontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

    private readonly StringBuilder _sb = new();
    private int _depth;

    public SvgWriter Open(string tag, params (string Name, object? Value)[] attributes)
    {
        Indent();
        _sb.Append('<').Append(tag);
        Attributes(attributes);
        _sb.Append(">\n");
        _depth++;
        return this;
    }

    public SvgWriter Close(string tag)
    {
        _depth--;
        Indent();
        _sb.Append("</").Append(tag).Append(">\n");
        return this;
    }

    public SvgWriter Empty(string tag, params (string Name, object? Value)[] attributes)
    {
        Indent();
        _sb.Append('<').Append(tag);
        Attributes(attributes);
        _sb.Append("/>\n");
        return this;
    }

    public SvgWriter Element(string tag, string text, params (string Name, object? Value)[] attributes)
    {
        Indent();
        _sb.Append('<').Append(tag);
        Attributes(attributes);
        _sb.Append('>').Append(Markup.Escape(text)).Append("</").Append(tag).Append(">\n");
        return this;
    }

    /// <summary>A text label; <paramref name="anchor"/> is start, middle or end.</summary>
    public SvgWriter Text(double x, double y, string text, double size = 12, string anchor = "start",
        string fill = Palette.Muted, string? weight = null, string? rotate = null) =>
        Element("text", text, ("x", x), ("y", y), ("font-size", size), ("text-anchor", anchor == "start" ? null : anchor),
            ("fill", fill), ("font-weight", weight), ("transform", rotate));

    /// <summary>A label with a white outline painted under its fill, readable over grid lines, error bars and other marks.</summary>
    public SvgWriter HaloText(double x, double y, string text, double size, string anchor = "start", string? weight = null) =>
        Element("text", text, ("x", x), ("y", y), ("font-size", size), ("text-anchor", anchor == "start" ? null : anchor),
            ("fill", Palette.Ink), ("font-weight", weight), ("stroke", "#ffffff"), ("stroke-width", 3),
            ("stroke-linejoin", "round"), ("paint-order", "stroke"));

    public SvgWriter Line(double x1, double y1, double x2, double y2, string stroke, double width = 1, string? dash = null) =>
        Empty("line", ("x1", x1), ("y1", y1), ("x2", x2), ("y2", y2), ("stroke", stroke), ("stroke-width", width),
            ("stroke-dasharray", dash));

    public override string ToString() => _sb.ToString();

    private void Attributes((string Name, object? Value)[] attributes)
    {
        foreach (var (name, value) in attributes)
        {
            var text = value switch
            {
                null => null,
                double d => Markup.Num(d),
                int i => Markup.Num(i),
                string s => Markup.Escape(s),
                _ => Markup.Escape(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)),
            };
            if (text is not null)
                _sb.Append(' ').Append(name).Append("=\"").Append(text).Append('"');
        }
    }

    private void Indent() => _sb.Append(' ', _depth * 2);
}
