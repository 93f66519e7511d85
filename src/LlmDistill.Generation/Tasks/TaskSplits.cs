using LlmDistill.Core.Tasks;

namespace LlmDistill.Generation.Tasks;

/// <summary>Deterministic train/validation/test splits: the same seed always puts an item in the same split.</summary>
public static class TaskSplits
{
    public static readonly IReadOnlyList<string> Names = ["train", "validation", "test"];

    /// <summary>Shuffles by <paramref name="seed"/> and cuts by <paramref name="ratios"/> (normalised to sum to 1).</summary>
    public static IReadOnlyList<IReadOnlyList<TaskItem>> Split(IReadOnlyList<TaskItem> items, IReadOnlyList<double> ratios, int seed)
    {
        if (ratios.Count == 0 || ratios.Any(r => r < 0 || double.IsNaN(r)) || ratios.Sum() <= 0)
            throw new ArgumentException("ratios must be non-negative and not all zero", nameof(ratios));
        var order = items.ToArray();
        new Random(seed).Shuffle(order);
        var total = ratios.Sum();
        var result = new List<IReadOnlyList<TaskItem>>();
        var start = 0;
        var cumulative = 0.0;
        for (var i = 0; i < ratios.Count; i++)
        {
            cumulative += ratios[i];
            var end = i == ratios.Count - 1 ? order.Length : (int)Math.Round(order.Length * cumulative / total);
            result.Add(order[start..end]);
            start = end;
        }
        return result;
    }
}
