using System.Buffers;
using System.Text;
using LlmDistill.Gguf.Tokenizer;
using Microsoft.ML.Tokenizers;

namespace LlmDistill.Tokenization.Vocabulary;

/// <summary>
/// A Microsoft.ML.Tokenizers <see cref="Tokenizer"/> over a GGUF vocabulary that tokenizes exactly as
/// llama.cpp's <c>llama_tokenize</c> does, without BOS/EOS. Through the <see cref="Tokenizer"/> API
/// special-token text is always parsed; <see cref="EncodeToIds(string, bool)"/> lets the caller choose.
/// </summary>
public abstract class LlamaVocabTokenizer : Tokenizer
{
    private protected LlamaVocabTokenizer(LlamaVocabulary vocabulary) => Vocabulary = vocabulary;

    public override Normalizer? Normalizer => null;

    internal LlamaVocabulary Vocabulary { get; }

    /// <summary>Token ids of <paramref name="text"/> without BOS/EOS; control-token text becomes its token only when <paramref name="parseSpecial"/>.</summary>
    public int[] EncodeToIds(string text, bool parseSpecial)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>();
        Encode(text, parseSpecial, ids, null);
        return [.. ids];
    }

    /// <summary>
    /// Text of <paramref name="ids"/> (llama.cpp's <c>token_to_piece</c> concatenated): control and unknown
    /// tokens only when <paramref name="includeSpecial"/>; invalid UTF-8 becomes U+FFFD.
    /// </summary>
    public string Decode(IEnumerable<int> ids, bool includeSpecial)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var bytes = new List<byte>();
        foreach (var id in ids)
        {
            if ((uint)id >= (uint)Vocabulary.Count)
                throw new ArgumentOutOfRangeException(nameof(ids), id, $"token id outside the vocabulary of {Vocabulary.Count}");
            var token = Vocabulary.Tokens[id];
            switch (Vocabulary.Types[id])
            {
                case GgufTokenType.Control or GgufTokenType.Unknown when includeSpecial:
                case GgufTokenType.UserDefined:
                    bytes.AddRange(Encoding.UTF8.GetBytes(token));
                    break;
                case GgufTokenType.Normal:
                    AppendNormal(token, bytes);
                    break;
                case GgufTokenType.Byte when token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal):
                    bytes.Add(Convert.ToByte(token[3..5], 16));
                    break;
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    public override string Decode(IEnumerable<int> ids) => Decode(ids, includeSpecial: true);

    public override OperationStatus Decode(IEnumerable<int> ids, Span<char> destination, out int idsConsumed, out int charsWritten)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var list = ids as IReadOnlyCollection<int> ?? ids.ToList();
        var text = Decode(list, includeSpecial: true);
        idsConsumed = 0;
        charsWritten = 0;
        if (text.Length > destination.Length)
            return OperationStatus.DestinationTooSmall;
        text.AsSpan().CopyTo(destination);
        idsConsumed = list.Count;
        charsWritten = text.Length;
        return OperationStatus.Done;
    }

    protected override EncodeResults<EncodedToken> EncodeToTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var source = text ?? textSpan.ToString();
        var ids = new List<int>();
        var ranges = new List<Range>();
        Encode(source, parseSpecial: true, ids, ranges);

        var count = Math.Min(ids.Count, settings.MaxTokenCount);
        var tokens = new List<EncodedToken>(count);
        for (var i = 0; i < count; i++)
            tokens.Add(new EncodedToken(ids[i], source[ranges[i]], ranges[i]));
        var consumed = count == ids.Count ? source.Length : count == 0 ? 0 : ranges[count - 1].End.Value;
        return new EncodeResults<EncodedToken> { Tokens = tokens, NormalizedText = null, CharsConsumed = consumed };
    }

    /// <summary>Appends the ids (and, when asked, the char range each covers) of <paramref name="text"/>.</summary>
    private protected abstract void Encode(string text, bool parseSpecial, List<int> ids, List<Range>? ranges);

    /// <summary>Appends the bytes a normal token stands for.</summary>
    private protected abstract void AppendNormal(string token, List<byte> bytes);
}
