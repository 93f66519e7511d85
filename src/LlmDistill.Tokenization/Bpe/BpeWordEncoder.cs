using System.Collections.Concurrent;
using LlmDistill.Tokenization.Vocabulary;

namespace LlmDistill.Tokenization.Bpe;

/// <summary>
/// llama.cpp's byte-level BPE of one pre-token (<c>llm_tokenizer_bpe_session::tokenize</c>): symbols
/// start as single GPT-2 chars (one per UTF-8 byte); the adjacent pair with the lowest merge rank,
/// leftmost on ties, merges until none is left. With "ignore merges" (Llama-3) a pre-token that is
/// itself in the vocabulary is emitted whole. A final symbol missing from the vocabulary falls back
/// to its single-byte tokens, as llama.cpp does.
/// </summary>
internal sealed class BpeWordEncoder(LlamaVocabulary vocabulary, bool ignoreMerges)
{
    private const int MaxCachedWords = 100_000;
    private readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);

    public bool IgnoreMerges { get; } = ignoreMerges;

    /// <summary>Token ids of <paramref name="word"/>, given in GPT-2 chars.</summary>
    public int[] Encode(string word)
    {
        if (_cache.TryGetValue(word, out var cached))
            return cached;
        var ids = EncodeUncached(word);
        if (_cache.Count < MaxCachedWords)
            _cache.TryAdd(word, ids);
        return ids;
    }

    private int[] EncodeUncached(string word)
    {
        if (word.Length == 0)
            return [];
        if (IgnoreMerges && vocabulary.TokenToId.TryGetValue(word, out var whole))
            return [whole];

        var n = word.Length;
        var length = new int[n];
        var prev = new int[n];
        var next = new int[n];
        for (var i = 0; i < n; i++)
        {
            length[i] = 1;
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }

        // Priority (rank, left); the lengths at push time tell whether a popped bigram is stale.
        var queue = new PriorityQueue<(int Left, int Right, int LeftLength, int RightLength), (int Rank, int Left)>();
        void TryPush(int left, int right)
        {
            if (left < 0 || right < 0)
                return;
            var key = (word.Substring(left, length[left]), word.Substring(right, length[right]));
            if (vocabulary.Ranks.TryGetValue(key, out var rank))
                queue.Enqueue((left, right, length[left], length[right]), (rank, left));
        }

        for (var i = 1; i < n; i++)
            TryPush(i - 1, i);

        while (queue.TryDequeue(out var bigram, out _))
        {
            var (left, right, leftLength, rightLength) = bigram;
            if (length[left] == 0 || length[right] == 0 || length[left] != leftLength || length[right] != rightLength)
                continue;
            length[left] += length[right];
            length[right] = 0;
            next[left] = next[right];
            if (next[right] >= 0)
                prev[next[right]] = left;
            TryPush(prev[left], left);
            TryPush(left, next[left]);
        }

        var ids = new List<int>();
        for (var i = 0; i >= 0 && i < n; i = next[i])
        {
            var symbol = word.Substring(i, length[i]);
            if (vocabulary.TokenToId.TryGetValue(symbol, out var id))
            {
                ids.Add(id);
                continue;
            }
            // llama.cpp looks up each UTF-8 byte of the symbol as a one-byte token; only ASCII can match.
            foreach (var c in symbol)
            {
                if (c < 0x80 && vocabulary.TokenToId.TryGetValue(c.ToString(), out var byteId))
                    ids.Add(byteId);
            }
        }
        return [.. ids];
    }
}
