namespace LlmDistill.Training.Data;

/// <summary>
/// Deterministic batches over groups of examples. Each epoch visits every group once in an order that
/// depends only on (seed, epoch), so a resumed run that restores <see cref="Cursor"/> sees exactly the
/// batches an uninterrupted run would have seen. A group (one question's targets) is never split
/// across batches, so a batch holds about <c>batchSize</c> rows (one more when a group straddles).
/// </summary>
public sealed class BatchLoader
{
    private readonly IReadOnlyList<IReadOnlyList<TokenizedExample>> _groups;
    private readonly int _batchSize;
    private readonly int _seed;
    private readonly bool _shuffle;
    private readonly int _rowCapacity; // tokens per packed row (context + 1); 0 = no packing
    private int[] _order;

    /// <param name="groups">From <see cref="ExampleEncoder.Encode"/>; must not be empty.</param>
    /// <param name="batchSize">Rows (sequences) per batch.</param>
    /// <param name="packContextLength">When set, examples are packed end to end into rows of this many input tokens.</param>
    public BatchLoader(IReadOnlyList<IReadOnlyList<TokenizedExample>> groups, int batchSize, int seed,
        bool shuffle = true, int? packContextLength = null, DataCursor cursor = default)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentOutOfRangeException.ThrowIfZero(groups.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _groups = groups;
        _batchSize = batchSize;
        _seed = seed;
        _shuffle = shuffle;
        _rowCapacity = packContextLength is { } context ? context + 1 : 0;
        Cursor = cursor;
        _order = Order(cursor.Epoch);
    }

    /// <summary>The position of the next batch; save it with a checkpoint, pass it back to resume.</summary>
    public DataCursor Cursor { get; private set; }

    /// <summary>Moves to a saved position (resume).</summary>
    public void Restore(DataCursor cursor)
    {
        Cursor = cursor;
        _order = Order(cursor.Epoch);
    }

    /// <summary>Groups per epoch.</summary>
    public int GroupCount => _groups.Count;

    /// <summary>The next batch's rows. Epochs roll over silently; a batch never spans two epochs.</summary>
    public IReadOnlyList<IReadOnlyList<TokenizedExample>> Next()
    {
        if (Cursor.Position >= _order.Length)
        {
            Cursor = new DataCursor(Cursor.Epoch + 1, 0);
            _order = Order(Cursor.Epoch);
        }
        var rows = new List<List<TokenizedExample>>();
        var position = Cursor.Position;
        while (position < _order.Length && (_rowCapacity > 0 || rows.Count < _batchSize))
        {
            var group = _groups[_order[position]];
            if (_rowCapacity == 0)
            {
                rows.AddRange(group.Select(e => new List<TokenizedExample> { e }));
            }
            else
            {
                var packed = Pack(rows, group);
                if (packed.Count > _batchSize && rows.Count > 0)
                    break; // this group starts the next batch
                rows = packed;
            }
            position++;
        }
        Cursor = Cursor with { Position = position };
        return rows;
    }

    /// <summary>One pass over all groups in order, without shuffling (validation).</summary>
    public static IEnumerable<IReadOnlyList<IReadOnlyList<TokenizedExample>>> Sequential(
        IReadOnlyList<IReadOnlyList<TokenizedExample>> groups, int batchSize)
    {
        var loader = new BatchLoader(groups, batchSize, seed: 0, shuffle: false);
        while (loader.Cursor.Epoch == 0 && loader.Cursor.Position < groups.Count)
            yield return loader.Next();
    }

    // Greedy first-fit into the last row, in order; returns a new list (the input is not changed).
    private List<List<TokenizedExample>> Pack(List<List<TokenizedExample>> rows, IReadOnlyList<TokenizedExample> group)
    {
        var result = rows.Select(r => new List<TokenizedExample>(r)).ToList();
        foreach (var example in group)
        {
            var last = result.Count > 0 ? result[^1] : null;
            if (last is not null && last.Sum(e => e.Tokens.Length) + example.Tokens.Length <= _rowCapacity)
                last.Add(example);
            else
                result.Add([example]);
        }
        return result;
    }

    private int[] Order(int epoch)
    {
        var order = Enumerable.Range(0, _groups.Count).ToArray();
        if (_shuffle)
            new Random(unchecked(_seed * 1_000_003 + epoch)).Shuffle(order); // seeded System.Random is stable across runs and .NET versions
        return order;
    }
}
