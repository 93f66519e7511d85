using System.Buffers;
using System.Text;
using LlmDistill.Gguf.Tokenizer;
using LlmDistill.Tokenization.PreTokenization;
using LlmDistill.Tokenization.Vocabulary;
using Microsoft.ML.Tokenizers;

namespace LlmDistill.Tokenization.Bpe;

/// <summary>
/// Byte-level BPE (<c>tokenizer.ggml.model</c> = <c>gpt2</c>) exactly as llama.cpp tokenizes it: special tokens
/// cut out first (<see cref="SpecialTokenPartition"/>), llama.cpp's pre-tokenizer
/// (<see cref="LlamaCppPreTokenizer"/>), then merge-rank BPE (<see cref="BpeWordEncoder"/>).
/// </summary>
public sealed class LlamaBpeTokenizer : LlamaVocabTokenizer
{
    private readonly LlamaCppPreTokenizer _preTokenizer;
    private readonly BpeWordEncoder _words;

    internal LlamaBpeTokenizer(LlamaVocabulary vocabulary, LlamaCppPreTokenizerKind preTokenizer, bool ignoreMerges)
        : base(vocabulary)
    {
        _preTokenizer = new LlamaCppPreTokenizer(preTokenizer);
        _words = new BpeWordEncoder(vocabulary, ignoreMerges);
    }

    public override PreTokenizer? PreTokenizer => _preTokenizer;

    /// <summary>Whether a pre-token found whole in the vocabulary skips the merges (Llama-3).</summary>
    public bool IgnoreMerges => _words.IgnoreMerges;

    private protected override void Encode(string text, bool parseSpecial, List<int> ids, List<Range>? ranges)
    {
        foreach (var fragment in SpecialTokenPartition.Split(text, Vocabulary, parseSpecial))
        {
            if (fragment.IsText)
            {
                EncodeRaw(text.AsSpan(fragment.Offset, fragment.Length), ids, ranges, fragment.Offset);
            }
            else
            {
                ids.Add(fragment.TokenId);
                ranges?.Add(new Range(fragment.Offset, fragment.Offset + fragment.Length));
            }
        }
    }

    // llama.cpp's llama_decode_text: a char outside GPT-2's table stands for its own UTF-8 bytes.
    private protected override void AppendNormal(string token, List<byte> bytes)
    {
        foreach (var c in token)
        {
            if (ByteLevelEncoding.TryCharToByte(c, out var b))
                bytes.Add(b);
            else
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
        }
    }

    // Pre-tokenizes raw text (no special tokens) and BPE-encodes each pre-token.
    private void EncodeRaw(ReadOnlySpan<char> raw, List<int> ids, List<Range>? ranges, int offset)
    {
        var splits = new List<(int Offset, int Length)>();
        _preTokenizer.Split(raw, splits);
        foreach (var (start, length) in splits)
        {
            var word = raw.Slice(start, length);
            var encoded = _words.Encode(ByteLevelEncoding.Encode(Encoding.UTF8.GetBytes(word.ToArray())));
            ids.AddRange(encoded);
            if (ranges is not null)
                AddRanges(word, offset + start, encoded, ranges);
        }
    }

    // Char ranges of the tokens of one pre-token: each token covers as many UTF-8 bytes as its
    // GPT-2 chars; a token ending inside a multi-byte char extends to that char's end.
    private void AddRanges(ReadOnlySpan<char> word, int wordOffset, int[] encoded, List<Range> ranges)
    {
        var byteCount = Encoding.UTF8.GetByteCount(word);
        var charAtByte = new int[byteCount + 1];
        var b = 0;
        for (var c = 0; c < word.Length;)
        {
            var status = Rune.DecodeFromUtf16(word[c..], out var rune, out var used);
            var utf8 = status == OperationStatus.Done ? rune.Utf8SequenceLength : 3;
            for (var k = 0; k < utf8 && b < byteCount; k++)
                charAtByte[b++] = k == 0 ? c : c + used;
            c += used;
        }
        charAtByte[byteCount] = word.Length;

        var position = 0;
        foreach (var id in encoded)
        {
            var start = Math.Min(position, byteCount);
            position = Math.Min(position + Vocabulary.Tokens[id].Length, byteCount);
            ranges.Add(new Range(wordOffset + charAtByte[start], wordOffset + Math.Max(charAtByte[start], charAtByte[position])));
        }
    }
}
