using System.Text;
using LlmDistill.Core.Errors;
using LlmDistill.Gguf.Tokenizer;
using LlmDistill.Tokenization.PreTokenization;

namespace LlmDistill.Tokenization.Training;

/// <summary>
/// Trains a byte-level BPE vocabulary for a new student. Text is pre-tokenized exactly as llama.cpp will
/// pre-tokenize it (<see cref="LlamaCppPreTokenizer"/> for <see cref="BpeTrainerOptions.Pre"/>); pairs are
/// counted over pre-tokens and merged greedily, most frequent first. The vocabulary is the 256 byte tokens
/// (id = byte value), then one token per merge, then the special tokens as control tokens. The result, in
/// GPT-2 byte-unicode form, makes llama.cpp tokenize exactly as <see cref="GgufTokenizer"/> does.
/// </summary>
public static class BpeTrainer
{
    public static GgufTokenizerMetadata Train(IEnumerable<string> corpus, BpeTrainerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        LlamaCppPreTypes.TryGet(options.Pre, out var preType);

        var state = CountWords(corpus, new LlamaCppPreTokenizer(preType!.Kind), cancellationToken);

        var tokens = new List<string>(options.VocabSize);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var b = 0; b < 256; b++)
        {
            tokens.Add(ByteLevelEncoding.ByteToChar((byte)b).ToString());
            ids.Add(tokens[b], b);
        }

        var specials = options.SpecialTokens;
        var normalBudget = options.VocabSize - specials.Count;
        var merges = new List<string>();
        while (tokens.Count < normalBudget && state.TryGetBest(options.MinPairFrequency, out var left, out var right, out _))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var text = tokens[left] + tokens[right];
            // Two merges can spell the same token ("ab"+"c", "a"+"bc"); llama.cpp looks tokens up by text, so share the id.
            if (!ids.TryGetValue(text, out var merged))
            {
                merged = tokens.Count;
                tokens.Add(text);
                ids.Add(text, merged);
            }
            merges.Add(tokens[left] + " " + tokens[right]);
            state.Merge(left, right, merged);
        }

        var normalCount = tokens.Count;
        foreach (var special in specials)
        {
            if (ids.ContainsKey(special))
                throw new InvalidInputException($"BPE training: special token '{special}' is also a learned token; choose another spelling");
            ids.Add(special, tokens.Count);
            tokens.Add(special);
        }

        var types = new int[tokens.Count];
        Array.Fill(types, (int)GgufTokenType.Normal, 0, normalCount);
        Array.Fill(types, (int)GgufTokenType.Control, normalCount, tokens.Count - normalCount);
        return new GgufTokenizerMetadata
        {
            Model = "gpt2",
            Pre = options.Pre,
            Tokens = [.. tokens],
            TokenTypes = types,
            Merges = [.. merges],
            BosId = normalCount,
            EosId = normalCount + 1,
            PadId = normalCount + 2,
            AddBos = options.AddBos,
            AddEos = options.AddEos,
        };
    }

    // Unique pre-tokens with their counts, as byte symbols.
    private static BpeMergeState CountWords(IEnumerable<string> corpus, LlamaCppPreTokenizer preTokenizer, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var splits = new List<(int Offset, int Length)>();
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var text in corpus)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (string.IsNullOrEmpty(text))
                continue;
            splits.Clear();
            preTokenizer.Split(text, splits);
            foreach (var (offset, length) in splits)
            {
                var word = text.AsSpan(offset, length);
                lookup[word] = lookup.TryGetValue(word, out var count) ? count + 1 : 1;
            }
        }

        var state = new BpeMergeState();
        // Ordinal order: the result must not depend on hash order.
        foreach (var (word, count) in counts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var bytes = Encoding.UTF8.GetBytes(word);
            state.AddWord(Array.ConvertAll(bytes, b => (int)b), count);
        }
        state.Seal();
        return state;
    }
}
