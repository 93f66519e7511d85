namespace LlmDistill.Tokenization.Training;

/// <summary>
/// The words of a corpus (unique pre-tokens with counts, as symbol ids) and the weighted count of every
/// adjacent symbol pair. A merge rewrites only the words that contain the pair and updates the counts
/// of the pairs it touched, so training costs about the size of what each merge changes, not a
/// recount of the corpus per merge.
/// </summary>
internal sealed class BpeMergeState
{
    private readonly List<int[]> _words = [];
    private readonly List<int> _lengths = [];
    private readonly List<long> _counts = [];
    private readonly Dictionary<long, long> _pairCounts = [];
    private readonly Dictionary<long, HashSet<int>> _pairWords = [];

    // Max-heap by count, then smallest (left, right): deterministic tie-breaking. Entries go stale
    // when counts change; a popped entry whose count is out of date is re-queued with the current one.
    private readonly PriorityQueue<long, (long NegativeCount, int Left, int Right)> _heap = new();

    public void AddWord(int[] symbols, long count)
    {
        var index = _words.Count;
        _words.Add(symbols);
        _lengths.Add(symbols.Length);
        _counts.Add(count);
        for (var i = 0; i + 1 < symbols.Length; i++)
        {
            var pair = Pair(symbols[i], symbols[i + 1]);
            _pairCounts[pair] = _pairCounts.GetValueOrDefault(pair) + count;
            Occurrences(pair).Add(index);
        }
    }

    /// <summary>Queues every pair; call once after the last <see cref="AddWord"/>.</summary>
    public void Seal()
    {
        foreach (var (pair, count) in _pairCounts)
            Enqueue(pair, count);
    }

    /// <summary>The most frequent pair (ties: smallest left id, then right id), if it occurs at least <paramref name="minCount"/> times.</summary>
    public bool TryGetBest(long minCount, out int left, out int right, out long count)
    {
        while (_heap.TryDequeue(out var pair, out var priority))
        {
            var current = _pairCounts.GetValueOrDefault(pair);
            if (current != -priority.NegativeCount)
            {
                if (current > 0)
                    Enqueue(pair, current);
                continue;
            }
            if (current < minCount)
                break;
            (left, right, count) = (priority.Left, priority.Right, current);
            return true;
        }
        (left, right, count) = (0, 0, 0);
        return false;
    }

    /// <summary>Replaces every (left, right) in every word, left to right, by <paramref name="merged"/>.</summary>
    public void Merge(int left, int right, int merged)
    {
        var pair = Pair(left, right);
        if (!_pairWords.Remove(pair, out var wordIndices))
            return;
        var deltas = new Dictionary<long, long>();
        foreach (var w in wordIndices)
        {
            var symbols = _words[w];
            var length = _lengths[w];
            var count = _counts[w];
            var found = false;
            for (var i = 0; i + 1 < length && !found; i++)
                found = symbols[i] == left && symbols[i + 1] == right;
            if (!found)
                continue; // the pair left this word in an earlier merge

            for (var i = 0; i + 1 < length; i++)
                Add(deltas, Pair(symbols[i], symbols[i + 1]), -count);
            var j = 0;
            for (var i = 0; i < length; j++)
            {
                if (i + 1 < length && symbols[i] == left && symbols[i + 1] == right)
                {
                    symbols[j] = merged;
                    i += 2;
                }
                else
                {
                    symbols[j] = symbols[i++];
                }
            }
            _lengths[w] = length = j;
            for (var i = 0; i + 1 < length; i++)
            {
                var newPair = Pair(symbols[i], symbols[i + 1]);
                Add(deltas, newPair, count);
                if (symbols[i] == merged || symbols[i + 1] == merged)
                    Occurrences(newPair).Add(w);
            }
        }

        foreach (var (changed, delta) in deltas)
        {
            if (delta == 0)
                continue;
            var updated = _pairCounts.GetValueOrDefault(changed) + delta;
            if (updated <= 0)
            {
                _pairCounts.Remove(changed);
                continue;
            }
            _pairCounts[changed] = updated;
            if (delta > 0)
                Enqueue(changed, updated);
        }
        _pairCounts.Remove(pair);
    }

    private HashSet<int> Occurrences(long pair)
    {
        if (!_pairWords.TryGetValue(pair, out var set))
            _pairWords[pair] = set = [];
        return set;
    }

    private void Enqueue(long pair, long count) => _heap.Enqueue(pair, (-count, (int)(pair >> 32), (int)pair));

    private static void Add(Dictionary<long, long> deltas, long pair, long delta) =>
        deltas[pair] = deltas.GetValueOrDefault(pair) + delta;

    private static long Pair(int left, int right) => ((long)left << 32) | (uint)right;
}
