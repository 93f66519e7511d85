using System.Text;
using LlmDistill.Tokenization.Vocabulary;
using Microsoft.ML.Tokenizers;

namespace LlmDistill.Tokenization.Spm;

/// <summary>
/// SentencePiece vocabularies (<c>tokenizer.ggml.model</c> = <c>llama</c>) exactly as llama.cpp tokenizes them
/// (llama-vocab.cpp, <c>llm_tokenizer_spm_session</c>). Each raw-text fragment gets a leading space when
/// it starts the text or follows a special token (add_space_prefix), spaces become U+2581, and adjacent
/// symbols merge, highest token score first (leftmost on ties), while their concatenation is any token of
/// the vocabulary; characters left without a token fall back to &lt;0xXX&gt; byte tokens.
/// </summary>
/// <remarks>
/// Microsoft.ML.Tokenizers' own SentencePiece BPE differs from llama.cpp here: llama.cpp merges into any token
/// text (control tokens such as <c>&lt;s&gt;</c> included), prefixes a space after every special token, and
/// works on UTF-8 characters, so this port is the reference-exact path.
/// </remarks>
public sealed class LlamaSpmTokenizer : LlamaVocabTokenizer
{
    private const char Escape = '\u2581';

    internal LlamaSpmTokenizer(LlamaVocabulary vocabulary, bool addSpacePrefix)
        : base(vocabulary) => AddSpacePrefix = addSpacePrefix;

    public override PreTokenizer? PreTokenizer => null;

    /// <summary>Whether each fragment after the start or a special token gets a leading space.</summary>
    public bool AddSpacePrefix { get; }

    private protected override void Encode(string text, bool parseSpecial, List<int> ids, List<Range>? ranges)
    {
        var previousSpecial = true;
        foreach (var fragment in SpecialTokenPartition.Split(text, Vocabulary, parseSpecial))
        {
            if (!fragment.IsText)
            {
                ids.Add(fragment.TokenId);
                ranges?.Add(new Range(fragment.Offset, fragment.Offset + fragment.Length));
                previousSpecial = true;
                continue;
            }
            var prefix = AddSpacePrefix && previousSpecial ? 1 : 0;
            var escaped = string.Concat(prefix == 1 ? " " : "", text.AsSpan(fragment.Offset, fragment.Length));
            EncodeEscaped(escaped.Replace(' ', Escape), ids, ranges, fragment.Offset - prefix, fragment.Offset);
            previousSpecial = false;
        }
    }

    private protected override void AppendNormal(string token, List<byte> bytes) =>
        bytes.AddRange(Encoding.UTF8.GetBytes(token.Replace(Escape, ' ')));

    // The merge loop over one fragment; symbols are code points (a UTF-8 character each).
    private void EncodeEscaped(string text, List<int> ids, List<Range>? ranges, int offset, int minOffset)
    {
        var start = new List<int>();
        for (var i = 0; i < text.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1)
            start.Add(i);
        var n = start.Count;
        var length = new int[n]; // in chars; 0 once merged away
        var next = new int[n];
        var prev = new int[n];
        for (var i = 0; i < n; i++)
        {
            length[i] = (i + 1 < n ? start[i + 1] : text.Length) - start[i];
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }

        // Highest score first, then smallest left; the summed length tells a stale entry.
        var queue = new PriorityQueue<(int Left, int Right, int Size), (float NegativeScore, int Left)>();
        void TryPush(int left, int right)
        {
            if (left < 0 || right < 0)
                return;
            var size = length[left] + length[right];
            if (Vocabulary.TokenToId.TryGetValue(text.Substring(start[left], size), out var id))
                queue.Enqueue((left, right, size), (-Vocabulary.Scores[id], left));
        }

        for (var i = 1; i < n; i++)
            TryPush(i - 1, i);
        while (queue.TryDequeue(out var bigram, out _))
        {
            var (left, right, size) = bigram;
            if (length[left] == 0 || length[right] == 0 || length[left] + length[right] != size)
                continue;
            length[left] = size;
            length[right] = 0;
            next[left] = next[right];
            if (next[right] >= 0)
                prev[next[right]] = left;
            TryPush(prev[left], left);
            TryPush(left, next[left]);
        }

        for (var i = 0; i >= 0 && n > 0; i = next[i])
        {
            var symbol = text.Substring(start[i], length[i]);
            var range = new Range(Math.Max(minOffset, offset + start[i]), offset + start[i] + length[i]);
            if (Vocabulary.TokenToId.TryGetValue(symbol, out var id))
            {
                ids.Add(id);
                ranges?.Add(range);
                continue;
            }
            foreach (var b in Encoding.UTF8.GetBytes(symbol))
            {
                ids.Add(ByteToken(b));
                ranges?.Add(range);
            }
        }
    }

    // llama_vocab::byte_to_token: <0xXX>, else the byte itself as a one-character token.
    private int ByteToken(byte value)
    {
        if (Vocabulary.TokenToId.TryGetValue($"<0x{value:X2}>", out var id))
            return id;
        if (value < 0x80 && Vocabulary.TokenToId.TryGetValue(((char)value).ToString(), out id))
            return id;
        throw new InvalidOperationException($"the vocabulary has no token for byte 0x{value:X2} (llama.cpp would abort here)");
    }
}
