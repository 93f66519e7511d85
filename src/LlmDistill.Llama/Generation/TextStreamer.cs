using System.Text;

namespace LlmDistill.Llama.Generation;

/// <summary>
/// Turns a sequence's token pieces into text: bytes are decoded as UTF-8 across token boundaries (a
/// character split over tokens is released once complete), and text that could be the start of a stop
/// string is held back until it is known not to be one. A found stop string is cut with what follows.
/// </summary>
internal sealed class TextStreamer
{
    private readonly Decoder _decoder = new UTF8Encoding(false, false).GetDecoder();
    private readonly IReadOnlyList<string> _stops;
    private readonly StringBuilder _pending = new();
    private char[] _chars = new char[64];

    public TextStreamer(IReadOnlyList<string> stops)
    {
        _stops = stops.Where(s => s.Length > 0).ToArray();
    }

    /// <summary>True once a stop string was found; nothing more is released.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Adds a token's bytes; returns the text that can be released now.</summary>
    public string Append(ReadOnlySpan<byte> piece)
    {
        if (Stopped)
            return string.Empty;
        Decode(piece, flush: false);
        return Release(final: false);
    }

    /// <summary>Ends the stream: an incomplete character becomes U+FFFD and held-back text is released.</summary>
    public string Finish()
    {
        if (Stopped)
            return string.Empty;
        Decode([], flush: true);
        return Release(final: true);
    }

    private void Decode(ReadOnlySpan<byte> bytes, bool flush)
    {
        var needed = _decoder.GetCharCount(bytes, flush);
        if (needed > _chars.Length)
            _chars = new char[Math.Max(needed, _chars.Length * 2)];
        var n = _decoder.GetChars(bytes, _chars, flush);
        _pending.Append(_chars, 0, n);
    }

    private string Release(bool final)
    {
        var text = _pending.ToString();
        var stopAt = -1;
        foreach (var stop in _stops)
        {
            var i = text.IndexOf(stop, StringComparison.Ordinal);
            if (i >= 0 && (stopAt < 0 || i < stopAt))
                stopAt = i;
        }
        if (stopAt >= 0)
        {
            Stopped = true;
            _pending.Clear();
            return text[..stopAt];
        }
        var keep = final ? 0 : HeldBack(text);
        _pending.Clear().Append(text, text.Length - keep, keep);
        return text[..^keep];
    }

    // Length of the longest suffix of text that is a proper prefix of some stop string.
    private int HeldBack(string text)
    {
        var best = 0;
        foreach (var stop in _stops)
        {
            for (var len = Math.Min(stop.Length - 1, text.Length); len > best; len--)
            {
                if (text.AsSpan(text.Length - len).SequenceEqual(stop.AsSpan(0, len)))
                {
                    best = len;
                    break;
                }
            }
        }
        return best;
    }
}
