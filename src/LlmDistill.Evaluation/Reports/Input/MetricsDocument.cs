using System.Text.Json;

namespace LlmDistill.Evaluation.Reports.Input;

/// <summary>
/// The JSON shape of an eval run's metrics.json (snake_case). Everything is optional here; <see cref="RunLoader"/>
/// decides what a report cannot do without.
/// </summary>
internal sealed class MetricsDocument
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public int? SchemaVersion { get; set; }

    public ModelSection? Model { get; set; }

    public TasksSection? Tasks { get; set; }

    public AccuracySection? Accuracy { get; set; }

    public double? ParseFailureRate { get; set; }

    public double? TeacherAgreement { get; set; }

    public double? RationaleRougeL { get; set; }

    public SpeedSection? Speed { get; set; }

    public long? PeakRssBytes { get; set; }

    public JsonElement? CreatedAt { get; set; }

    public Dictionary<string, JsonElement>? Labels { get; set; }

    internal sealed class ModelSection
    {
        public string? Name { get; set; }

        public string? Path { get; set; }

        public string? Role { get; set; }

        public long? FileBytes { get; set; }

        public long? Parameters { get; set; }

        public string? Architecture { get; set; }

        public string? TensorType { get; set; }
    }

    internal sealed class TasksSection
    {
        public string? Path { get; set; }

        public string? Template { get; set; }

        public int? Count { get; set; }
    }

    internal sealed class AccuracySection
    {
        public double? Value { get; set; }

        public int? Correct { get; set; }

        public int? Total { get; set; }

        public double? CiLow { get; set; }

        public double? CiHigh { get; set; }

        public string? Method { get; set; }
    }

    internal sealed class SpeedSection
    {
        public long? GeneratedTokens { get; set; }

        public double? TokensPerSecond { get; set; }

        public double? TtftMsP50 { get; set; }

        public double? TtftMsP95 { get; set; }

        public double? PerTokenMsP50 { get; set; }

        public double? PerTokenMsP95 { get; set; }

        public double? WallSeconds { get; set; }

        public int? ParallelSequences { get; set; }
    }
}
