using LlmDistill.Evaluation.Reports.Svg;

namespace LlmDistill.Evaluation.Reports.Input;

/// <summary>One loss-like field of a trainer's metrics.jsonl over steps, e.g. <c>loss</c> or <c>val_loss</c>.</summary>
public sealed record TrainingSeries(string Field, IReadOnlyList<ChartPoint> Points)
{
    /// <summary>Whether the field is measured on held-out data (drawn dashed).</summary>
    public bool IsValidation => Field.StartsWith("val", StringComparison.OrdinalIgnoreCase)
        || Field.Contains("eval", StringComparison.OrdinalIgnoreCase);
}
