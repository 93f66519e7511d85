using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Parquet.Serialization;

namespace LlmDistill.Evaluation.Tests.Reports;

/// <summary>
/// Writes synthetic eval run folders as the eval runner and trainer do (metrics.json, predictions.parquet, a training
/// folder with metrics.jsonl and config.json) into a temporary folder removed on dispose.
/// </summary>
public sealed class RunFixtures : IDisposable
{
    public RunFixtures()
    {
        Root = Path.Combine(Path.GetTempPath(), "llmdistill-report-" + Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Output => Path.Combine(Root, "report");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// The standard experiment: a 3.2M teacher at 90% and 50 tok/s; a 320k step-by-step student at 85.5% and 300 tok/s;
    /// a same-size answer-only student at 11%; a same-size token-KD student at 86% (more accurate than step-by-step, so
    /// the headline must still pick step-by-step); a 150k step-by-step student at 24%.
    /// </summary>
    public IReadOnlyList<string> StandardRuns() =>
    [
        Run("teacher", "teacher", "teacher", 3_200_000, 12_800_000, 180, 200, 50, trainingSteps: 400),
        Run("student-sbs", "student", "step-by-step", 320_000, 1_280_000, 171, 200, 300, trainingSteps: 300),
        Run("student-ao", "student", "answer-only", 320_000, 1_280_000, 22, 200, 310, trainingSteps: 300),
        Run("student-kd", "student", "token-kd", 320_000, 1_280_000, 172, 200, 295, trainingSteps: 300),
        Run("student-small", "student", "step-by-step", 150_000, 600_000, 48, 200, 420),
    ];

    public string Run(string name, string role, string objective, long parameters, long fileBytes, int correct, int total,
        double tokensPerSecond, int trainingSteps = 0)
    {
        var dir = Path.Combine(Root, name);
        Directory.CreateDirectory(dir);
        var accuracy = (double)correct / total;
        var labels = new Dictionary<string, string> { ["objective"] = objective, ["preset"] = "tiny" };
        if (trainingSteps > 0)
        {
            labels["training_dir"] = "../" + name + "-train";
            WriteTraining(Path.Combine(Root, name + "-train"), trainingSteps, parameters);
        }
        var metrics = new Dictionary<string, object?>
        {
            ["schema_version"] = 1,
            ["model"] = new Dictionary<string, object?>
            {
                ["name"] = name, ["path"] = $"/models/{name}.gguf", ["role"] = role, ["file_bytes"] = fileBytes,
                ["parameters"] = parameters, ["architecture"] = "llama", ["tensor_type"] = "F16",
            },
            ["tasks"] = new Dictionary<string, object?> { ["path"] = "data/test.jsonl", ["template"] = "gsm8k@abc", ["count"] = total },
            ["accuracy"] = new Dictionary<string, object?>
            {
                ["value"] = accuracy, ["correct"] = correct, ["total"] = total,
                ["ci_low"] = Math.Max(0, accuracy - 0.05), ["ci_high"] = Math.Min(1, accuracy + 0.04), ["method"] = "wilson-95",
            },
            ["parse_failure_rate"] = 0.02,
            ["teacher_agreement"] = role == "teacher" ? null : 0.8,
            ["rationale_rouge_l"] = objective == "step-by-step" ? 0.71 : null,
            ["speed"] = new Dictionary<string, object?>
            {
                ["generated_tokens"] = 12_000, ["tokens_per_second"] = tokensPerSecond, ["ttft_ms_p50"] = 12.5, ["ttft_ms_p95"] = 30.1,
                ["per_token_ms_p50"] = 1000 / tokensPerSecond, ["per_token_ms_p95"] = 1500 / tokensPerSecond, ["wall_seconds"] = 40.0,
                ["parallel_sequences"] = 8,
            },
            ["peak_rss_bytes"] = 250_000_000L,
            ["created_at"] = "2026-11-25T14:00:00Z",
            ["labels"] = labels,
        };
        File.WriteAllText(Path.Combine(dir, "metrics.json"), JsonSerializer.Serialize(metrics));
        WritePredictions(Path.Combine(dir, "predictions.parquet"), correct, total);
        return dir;
    }

    /// <summary>Rows whose first <paramref name="correct"/> are right; question 3 carries markup, an entity and a control character.</summary>
    public static void WritePredictions(string path, int correct, int total)
    {
        var rows = Enumerable.Range(0, total).Select(i => new PredictionRow
        {
            Instruction = i == 3 ? "Is <script>alert('x')</script> & <b>bold</b> escaped?\u0001" : $"Sam has {i} apples and buys 2 boxes of 3.",
            Input = "",
            Reference = (i + 6).ToString(CultureInfo.InvariantCulture),
            Rationale = i == 3 ? "2*3=6. </pre><img src=\"https://evil.example/x.png\"> #### 9" : $"2*3=6. {i}+6={i + 6}. #### {i + 6}",
            Answer = i < correct ? (i + 6).ToString(CultureInfo.InvariantCulture) : (i % 7 == 0 ? null : "1"),
            Output = "raw",
            Correct = i < correct,
            ParseFailed = i >= correct && i % 7 == 0,
            CompletionTokens = 20 + (i % 5),
            LatencyMs = 100 + i,
        }).ToList();
        ParquetSerializer.SerializeAsync(rows, path).GetAwaiter().GetResult();
    }

    private static void WriteTraining(string dir, int steps, long parameters)
    {
        Directory.CreateDirectory(dir);
        var lines = new List<string>();
        for (var step = 10; step <= steps; step += 10)
        {
            var loss = 3.0 * Math.Exp(-step / 120.0) + 0.2;
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{{\"step\": {step}, \"loss\": {loss:R}, \"loss_answer\": {loss * 0.8:R}, \"loss_rationale\": {loss * 1.1:R}, \"lr\": 0.002, \"tokens_per_second\": 4200}}"));
            if (step % 100 == 0)
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"{{\"step\": {step}, \"val_loss\": {loss + 0.15:R}}}"));
        }
        lines.Add("{\"step\": 99999, \"loss\": 1.0, \"trunc");
        File.WriteAllLines(Path.Combine(dir, "metrics.jsonl"), lines);
        File.WriteAllText(Path.Combine(dir, "config.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model"] = new Dictionary<string, object> { ["d_model"] = parameters > 1_000_000 ? 256 : 96, ["layers"] = 3 },
            ["lr"] = 0.002, ["batch_size"] = 64, ["api_key"] = "sk-should-never-appear",
        }));
    }

    public sealed class PredictionRow
    {
        [JsonPropertyName("instruction")] public string Instruction { get; set; } = "";
        [JsonPropertyName("input")] public string Input { get; set; } = "";
        [JsonPropertyName("reference")] public string Reference { get; set; } = "";
        [JsonPropertyName("rationale")] public string Rationale { get; set; } = "";
        [JsonPropertyName("answer")] public string? Answer { get; set; }
        [JsonPropertyName("output")] public string Output { get; set; } = "";
        [JsonPropertyName("correct")] public bool Correct { get; set; }
        [JsonPropertyName("parse_failed")] public bool ParseFailed { get; set; }
        [JsonPropertyName("completion_tokens")] public int CompletionTokens { get; set; }
        [JsonPropertyName("latency_ms")] public double LatencyMs { get; set; }
    }
}
