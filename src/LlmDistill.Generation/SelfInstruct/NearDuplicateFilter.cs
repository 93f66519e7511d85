using LlmDistill.Core.Text;

namespace LlmDistill.Generation.SelfInstruct;

/// <summary>
/// Keeps instructions whose ROUGE-L F1 against every kept one is below a threshold (Alpaca: 0.7).
/// Exact, and fast enough for tens of thousands of instructions: F1 = 2·LCS/(m+n) ≥ t needs
/// LCS ≥ t(m+n)/2, and LCS is at most the multiset overlap of the two token bags, which must then be at
/// least k = t·m/(2−t). Any m−k+1 tokens of the new text include one that the other text shares
/// (prefix filtering), so only the kept texts holding one of its m−k+1 rarest tokens are candidates.
/// </summary>
public sealed class NearDuplicateFilter
{
    private readonly double _threshold;
    private readonly Dictionary<string, int> _vocabulary = new(StringComparer.Ordinal);
    private readonly List<int[]> _kept = [];
    private readonly List<List<int>> _postings = [];
    private readonly List<int> _taken = [];
    private int[] _available = new int[1024];

    public NearDuplicateFilter(double threshold = 0.7)
    {
        if (threshold is <= 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "must be in (0, 1]");
        _threshold = threshold;
    }

    public int Count => _kept.Count;

    /// <summary>LCS computations done so far: how much work the filters left.</summary>
    public long Comparisons { get; private set; }

    /// <summary>Adds <paramref name="text"/> unless it is empty or a near-duplicate of a kept one; true when kept.</summary>
    public bool TryAdd(string text)
    {
        var tokens = RougeL.Tokenize(text).Select(Id).ToArray();
        if (tokens.Length == 0 || IsNearDuplicate(tokens))
            return false;
        var doc = _kept.Count;
        _kept.Add(tokens);
        foreach (var token in tokens.Distinct())
            _postings[token].Add(doc);
        return true;
    }

    private bool IsNearDuplicate(int[] tokens)
    {
        var m = tokens.Length;
        var minOverlap = Math.Max(1, (int)Math.Ceiling(_threshold * m / (2 - _threshold) - 1e-9));
        var probe = tokens.OrderBy(t => _postings[t].Count).Take(m - minOverlap + 1).Distinct();
        var candidates = new HashSet<int>();
        foreach (var token in probe)
            candidates.UnionWith(_postings[token]);

        // The new text's token counts, in arrays indexed by token id and reused for every candidate:
        // the overlap bound then costs one pass over the candidate and allocates nothing.
        if (_available.Length < _vocabulary.Count)
            Array.Resize(ref _available, Math.Max(_vocabulary.Count, 2 * _available.Length));
        foreach (var t in tokens)
            _available[t]++;
        try
        {
            foreach (var doc in candidates)
            {
                var other = _kept[doc];
                var needed = _threshold * (m + other.Length) / 2;
                if (Math.Min(m, other.Length) < needed || Overlap(other) < needed)
                    continue;
                Comparisons++;
                if (2.0 * RougeL.Lcs<int>(tokens, other) / (m + other.Length) >= _threshold)
                    return true;
            }
            return false;
        }
        finally
        {
            foreach (var t in tokens)
                _available[t] = 0;
        }
    }

    // Multiset intersection of the new text (in _available) with another: takes and gives back.
    private int Overlap(int[] other)
    {
        var shared = 0;
        foreach (var t in other)
        {
            if (_available[t] > 0)
            {
                _available[t]--;
                shared++;
                _taken.Add(t);
            }
        }
        foreach (var t in _taken)
            _available[t]++;
        _taken.Clear();
        return shared;
    }

    private int Id(string token)
    {
        if (!_vocabulary.TryGetValue(token, out var id))
        {
            _vocabulary[token] = id = _vocabulary.Count;
            _postings.Add([]);
        }
        return id;
    }
}
