using System.Text.Json.Serialization;
using LlmDistill.Evaluation.Reports.Input;
using Parquet.Serialization;
using Parquet.Serialization.Attributes;

namespace LlmDistill.Evaluation.Tests.Reports.Input;

public sealed class RunLoaderTests : IDisposable
{
    private readonly RunFixtures _fixtures = new();

    public void Dispose() => _fixtures.Dispose();

    /// <summary>Another writer's shape: required (non-null) text, 64-bit latency, nullable token counts, no output column.</summary>
    public sealed class OtherShape
    {
        [JsonPropertyName("instruction"), ParquetRequired] public string Instruction { get; set; } = "";
        [JsonPropertyName("input"), ParquetRequired] public string Input { get; set; } = "";
        [JsonPropertyName("reference"), ParquetRequired] public string Reference { get; set; } = "";
        [JsonPropertyName("rationale"), ParquetRequired] public string Rationale { get; set; } = "";
        [JsonPropertyName("answer")] public string? Answer { get; set; }
        [JsonPropertyName("correct")] public bool? Correct { get; set; }
        [JsonPropertyName("parse_failed")] public bool ParseFailed { get; set; }
        [JsonPropertyName("completion_tokens")] public int? CompletionTokens { get; set; }
        [JsonPropertyName("latency_ms")] public long LatencyMs { get; set; }
        [JsonPropertyName("extra")] public List<int> Extra { get; set; } = [];
    }

    [Fact]
    public async Task Reads_predictions_whatever_the_column_widths_and_nullability()
    {
        var dir = _fixtures.Run("other", "student", "step-by-step", 1000, 4000, 1, 2, 10);
        var rows = new[]
        {
            new OtherShape { Instruction = "q1", Input = "ctx", Reference = "7", Rationale = "3+4=7", Answer = "7", Correct = true,
                CompletionTokens = 12, LatencyMs = 30, Extra = [1, 2] },
            new OtherShape { Instruction = "q2", Reference = "8", Rationale = "", Answer = null, Correct = null, ParseFailed = true,
                CompletionTokens = null, LatencyMs = 45 },
        };
        await ParquetSerializer.SerializeAsync(rows, Path.Combine(dir, "predictions.parquet"));

        var run = await RunLoader.LoadAsync(dir, CancellationToken.None);

        Assert.Equal(2, run.Predictions.Count);
        Assert.Equal(new ScoredAnswer("q1", "ctx", "7", "3+4=7", "7", null, true, false, 12, 30), run.Predictions[0]);
        Assert.Equal(new ScoredAnswer("q2", "", "8", "", null, null, false, true, null, 45), run.Predictions[1]);
    }

    [Fact]
    public async Task Training_folder_defaults_to_the_runs_training_subfolder_and_a_missing_one_is_noted()
    {
        var dir = _fixtures.Run("plain", "student", "answer-only", 1000, 4000, 1, 2, 10);
        Directory.CreateDirectory(Path.Combine(dir, "training"));
        await File.WriteAllTextAsync(Path.Combine(dir, "training", "metrics.jsonl"),
            "{\"step\": 1, \"train_loss\": 2.5, \"eval_loss\": 2.7, \"note\": \"loss is text here\"}\n{\"step\": 2, \"train_loss\": 2.0}\n");

        var run = await RunLoader.LoadAsync(dir, CancellationToken.None);

        Assert.NotNull(run.Training);
        Assert.Equal(new[] { "train_loss", "eval_loss" }, run.Training.Losses.Select(s => s.Field));
        Assert.True(run.Training.Losses[1].IsValidation);
        Assert.Empty(run.Training.Config);

        var labelled = _fixtures.Run("labelled", "student", "answer-only", 1000, 4000, 1, 2, 10);
        var metrics = Path.Combine(labelled, "metrics.json");
        await File.WriteAllTextAsync(metrics, (await File.ReadAllTextAsync(metrics)).Replace("\"preset\":\"tiny\"",
            "\"preset\":\"tiny\",\"training_dir\":\"/nowhere/at/all\"", StringComparison.Ordinal));
        var missing = await RunLoader.LoadAsync(labelled, CancellationToken.None);
        Assert.Null(missing.Training);
        Assert.Contains(missing.Notes, n => n.Contains("/nowhere/at/all", StringComparison.Ordinal));
    }
}
