namespace LlmDistill.Training.Data;

/// <summary>Splits records into train and validation sets, by question, deterministically for a seed.</summary>
public static class DatasetSplit
{
    /// <param name="validationFraction">Share held out, in [0, 0.5]; at least one record when it is above 0 and there are two or more.</param>
    public static (IReadOnlyList<DistillRecord> Train, IReadOnlyList<DistillRecord> Validation) Split(
        IReadOnlyList<DistillRecord> records, double validationFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfNegative(validationFraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(validationFraction, 0.5);
        var order = Enumerable.Range(0, records.Count).ToArray();
        new Random(seed).Shuffle(order);
        var held = validationFraction == 0 || records.Count < 2 ? 0 : Math.Max(1, (int)Math.Round(records.Count * validationFraction));
        var validation = order.Take(held).Order().Select(i => records[i]).ToArray();
        var train = order.Skip(held).Order().Select(i => records[i]).ToArray();
        return (train, validation);
    }
}
