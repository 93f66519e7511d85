namespace LlmDistill.Evaluation.Reports.Content;

/// <summary>One hyper-parameter across the runs of a <see cref="ConfigTable"/>; null where a run does not set it.</summary>
internal sealed record ConfigRow(string Key, IReadOnlyList<string?> Values)
{
    public bool Varies => Values.Distinct(StringComparer.Ordinal).Skip(1).Any();
}
