using System.Text;
using Microsoft.ML.Tokenizers;
using static LlmDistill.Tokenization.PreTokenization.LlamaCppUnicode;

namespace LlmDistill.Tokenization.PreTokenization;

/// <summary>
/// A port of llama.cpp's hand-written pre-tokenizers (unicode.cpp, <c>unicode_regex_split_custom_gpt2</c>,
/// <c>_llama3</c>, <c>_qwen2</c>), with llama.cpp's Unicode tables. They differ from the regexes they stand
/// for in corner cases (text-final spaces, astral letters, which .NET's UTF-16 regex engine does not see as
/// \p{L}), and parity with llama.cpp needs the splitter, not the regex: a .NET Regex pre-tokenizer missed on
/// about 1 % of our stress strings. Offsets and lengths are in UTF-16 chars of the input.
/// </summary>
public sealed class LlamaCppPreTokenizer : PreTokenizer
{
    private const int OutOfText = -1;

    public LlamaCppPreTokenizer(LlamaCppPreTokenizerKind kind)
    {
        if (!Enum.IsDefined(kind))
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown pre-tokenizer kind");
        Kind = kind;
    }

    public LlamaCppPreTokenizerKind Kind { get; }

    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text) =>
        text is null ? [] : PreTokenize(text.AsSpan());

    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text)
    {
        var splits = new List<(int Offset, int Length)>();
        Split(text, splits);
        return splits;
    }

    /// <summary>Appends the pre-token (offset, length) pairs of <paramref name="text"/> to <paramref name="output"/>.</summary>
    public void Split(ReadOnlySpan<char> text, List<(int Offset, int Length)> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (text.IsEmpty)
            return;

        // Code points, and the char offset where each starts (one extra entry for the end).
        var cpts = new int[text.Length];
        var charStart = new int[text.Length + 1];
        var n = 0;
        var i = 0;
        while (i < text.Length)
        {
            // A lone surrogate becomes U+FFFD in UTF-8, as llama.cpp then sees it.
            var status = Rune.DecodeFromUtf16(text[i..], out var rune, out var used);
            charStart[n] = i;
            cpts[n++] = status == System.Buffers.OperationStatus.Done ? rune.Value : 0xFFFD;
            i += used;
        }
        charStart[n] = text.Length;

        var prev = 0;
        foreach (var (start, length) in Segments(cpts.AsSpan(0, n)))
        {
            var kind = Kind == LlamaCppPreTokenizerKind.Starcoder ? LlamaCppPreTokenizerKind.Gpt2 : Kind;
            foreach (var end in new Splitter(cpts.AsSpan(start, length), kind).Ends())
            {
                output.Add((charStart[prev], charStart[start + end] - charStart[prev]));
                prev = start + end;
            }
        }
    }

    // The pieces a first regex leaves for the main splitter, which treats each piece's edges as the text's
    // edges: for Starcoder, every \p{N} code point alone and the runs between them; otherwise the whole text.
    private List<(int Start, int Length)> Segments(ReadOnlySpan<int> cpts)
    {
        if (Kind != LlamaCppPreTokenizerKind.Starcoder)
            return [(0, cpts.Length)];
        var segments = new List<(int Start, int Length)>();
        var runStart = 0;
        for (var i = 0; i < cpts.Length; i++)
        {
            if ((ClassOf(cpts[i]) & Number) == 0)
                continue;
            if (i > runStart)
                segments.Add((runStart, i - runStart));
            segments.Add((i, 1));
            runStart = i + 1;
        }
        if (runStart < cpts.Length)
            segments.Add((runStart, cpts.Length - runStart));
        return segments;
    }

    private readonly ref struct Splitter(ReadOnlySpan<int> cpts, LlamaCppPreTokenizerKind kind)
    {
        private readonly ReadOnlySpan<int> _cpts = cpts;

        private int Cpt(int pos) => (uint)pos < (uint)_cpts.Length ? _cpts[pos] : OutOfText;

        private byte Flags(int pos) => (uint)pos < (uint)_cpts.Length ? ClassOf(_cpts[pos]) : OutOfRange;

        private bool InText(int pos) => (uint)pos < (uint)_cpts.Length;

        private const byte AnyClass = LlamaCppUnicode.Whitespace | Letter | Number;

        private static bool Is(byte flags, byte cls) => (flags & cls) != 0;

        // llama.cpp's unicode_tolower only matters here for the ASCII letters of contractions.
        private int Lower(int cpt) => kind != LlamaCppPreTokenizerKind.Gpt2 && cpt is >= 'A' and <= 'Z' ? cpt + 32 : cpt;

        /// <summary>End positions (in code points) of the pre-tokens, in order.</summary>
        public List<int> Ends()
        {
            var ends = new List<int>();
            var end = _cpts.Length;
            var pos = 0;
            while (pos < end)
            {
                var cpt = Cpt(pos);
                var flags = Flags(pos);

                // 's|'t|'re|'ve|'m|'ll|'d (case-insensitive except for gpt-2)
                if (cpt == '\'' && pos + 1 < end)
                {
                    var next = Lower(Cpt(pos + 1));
                    if (next is 's' or 't' or 'm' or 'd')
                    {
                        pos += 2;
                        ends.Add(pos);
                        continue;
                    }
                    if (pos + 2 < end)
                    {
                        var nextNext = Lower(Cpt(pos + 2));
                        if ((next == 'r' && nextNext == 'e') || (next == 'v' && nextNext == 'e') || (next == 'l' && nextNext == 'l'))
                        {
                            pos += 3;
                            ends.Add(pos);
                            continue;
                        }
                    }
                }

                // \p{N}{1,3} (llama3) or \p{N} (qwen2): runs of digits in groups of at most three or one.
                if (kind != LlamaCppPreTokenizerKind.Gpt2 && Is(flags, Number))
                {
                    var group = kind == LlamaCppPreTokenizerKind.Qwen2 ? 1 : 3;
                    var start = pos;
                    while (Is(Flags(pos), Number) && pos - start < group)
                        pos++;
                    ends.Add(pos);
                    continue;
                }

                var consumed = kind == LlamaCppPreTokenizerKind.Gpt2
                    ? Gpt2Word(pos, cpt, flags)
                    : Llama3Word(pos, cpt, flags);
                if (consumed > pos)
                {
                    pos = consumed;
                    ends.Add(pos);
                    continue;
                }

                pos = Whitespace(pos, ends);
            }
            return ends;
        }

        // ' ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+'; returns pos when nothing matched.
        private int Gpt2Word(int pos, int cpt, byte flags)
        {
            var flags2 = cpt == ' ' ? Flags(pos + 1) : flags;
            if (Is(flags2, Letter) || Is(flags2, Number))
            {
                var cls = Is(flags2, Letter) ? Letter : Number;
                pos += cpt == ' ' ? 1 : 0;
                while (Is(Flags(pos), cls))
                    pos++;
                return pos;
            }
            if (!Is(flags2, AnyClass) && InText(cpt == ' ' ? pos + 1 : pos))
            {
                pos += cpt == ' ' ? 1 : 0;
                while (!Is(Flags(pos), AnyClass) && InText(pos))
                    pos++;
                return pos;
            }
            return pos;
        }

        // '[^\r\n\p{L}\p{N}]?\p{L}+| ?[^\s\p{L}\p{N}]+[\r\n]*'; returns pos when nothing matched.
        private int Llama3Word(int pos, int cpt, byte flags)
        {
            if (!(cpt == '\r' || cpt == '\n' || Is(flags, Number)) && (Is(flags, Letter) || Is(Flags(pos + 1), Letter)))
            {
                pos++;
                while (Is(Flags(pos), Letter))
                    pos++;
                return pos;
            }
            var flags2 = cpt == ' ' ? Flags(pos + 1) : flags;
            if (!Is(flags2, AnyClass))
            {
                pos += cpt == ' ' ? 1 : 0;
                while (!Is(Flags(pos), AnyClass) && InText(pos))
                    pos++;
                while (Cpt(pos) is '\r' or '\n')
                    pos++;
                return pos;
            }
            return pos;
        }

        // '\s*[\r\n]+|\s+(?!\S)|\s+', or a single unmatched code point.
        private int Whitespace(int pos, List<int> ends)
        {
            var count = 0;
            var lastLineBreakEnd = 0;
            while (Is(Flags(pos + count), LlamaCppUnicode.Whitespace))
            {
                if (kind != LlamaCppPreTokenizerKind.Gpt2 && Cpt(pos + count) is '\r' or '\n')
                    lastLineBreakEnd = pos + count + 1;
                count++;
            }
            if (lastLineBreakEnd > 0)
                pos = lastLineBreakEnd;
            else if (count > 1 && Cpt(pos + count) != OutOfText)
                pos += count - 1;
            else if (count > 0)
                pos += count;
            else
                pos++;
            ends.Add(pos);
            return pos;
        }
    }
}
