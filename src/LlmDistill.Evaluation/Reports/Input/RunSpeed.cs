namespace LlmDistill.Evaluation.Reports.Input;

/// <summary>Generation speed of a run (metrics.json <c>speed</c>); every field is optional.</summary>
public sealed record RunSpeed(
    double? TokensPerSecond,
    long? GeneratedTokens,
    double? TtftMsP50,
    double? TtftMsP95,
    double? PerTokenMsP50,
    double? PerTokenMsP95,
    double? WallSeconds,
    int? ParallelSequences)
{
    public static RunSpeed None { get; } = new(null, null, null, null, null, null, null, null);
}
