using System.Globalization;
using System.Text.Json;
using LlmDistill.Core.Errors;

namespace LlmDistill.Evaluation.Reports.Input;

/// <summary>
/// Reads one eval output folder. metrics.json is required and must say the accuracy; everything else
/// (predictions, training log, optional metrics) is read when present and noted when not. Every failure a
/// user can fix is one <see cref="InvalidInputException"/> line naming the file.
/// </summary>
public static class RunLoader
{
    public const string MetricsFileName = "metrics.json";
    public const string PredictionsFileName = "predictions.parquet";
    public const string TrainingFolderName = "training";

    public static async Task<EvaluatedRun> LoadAsync(string directory, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
            throw new InvalidInputException($"{directory}: no such run folder (pass folders written by `llm-distill eval --out`)");
        var metricsPath = Path.Combine(full, MetricsFileName);
        var metrics = await ReadMetricsAsync(metricsPath, cancellationToken);
        var notes = new List<string>();

        var model = metrics.Model;
        var role = ParseRole(model?.Role, metricsPath);
        var labels = Labels(metrics.Labels);
        var objective = role == RunRole.Teacher ? "teacher"
            : labels.TryGetValue("objective", out var o) && o.Length > 0 ? o.Trim().ToLowerInvariant() : null;

        var predictionsPath = Path.Combine(full, PredictionsFileName);
        IReadOnlyList<ScoredAnswer> predictions = [];
        if (File.Exists(predictionsPath))
            predictions = await PredictionsReader.ReadAsync(predictionsPath, cancellationToken);
        else
            notes.Add($"{PredictionsFileName} not found: no sample answers");

        var training = await LoadTrainingAsync(full, labels, notes, cancellationToken);
        var speed = metrics.Speed;
        return new EvaluatedRun
        {
            Directory = full,
            Name = string.IsNullOrWhiteSpace(model?.Name) ? Path.GetFileName(full) : model.Name.Trim(),
            Role = role,
            Objective = objective,
            Architecture = model?.Architecture,
            TensorType = model?.TensorType,
            Parameters = Positive(model?.Parameters),
            FileBytes = Positive(model?.FileBytes),
            Accuracy = Accuracy(metrics.Accuracy, metricsPath),
            ParseFailureRate = Fraction(metrics.ParseFailureRate, "parse_failure_rate", metricsPath),
            TeacherAgreement = Fraction(metrics.TeacherAgreement, "teacher_agreement", metricsPath),
            RationaleRougeL = Fraction(metrics.RationaleRougeL, "rationale_rouge_l", metricsPath),
            Speed = speed is null ? RunSpeed.None : new RunSpeed(Positive(speed.TokensPerSecond), speed.GeneratedTokens,
                speed.TtftMsP50, speed.TtftMsP95, speed.PerTokenMsP50, speed.PerTokenMsP95, speed.WallSeconds, speed.ParallelSequences),
            PeakRssBytes = Positive(metrics.PeakRssBytes),
            CreatedAt = CreatedAt(metrics.CreatedAt),
            TasksPath = metrics.Tasks?.Path,
            TaskCount = metrics.Tasks?.Count,
            Labels = labels,
            Predictions = predictions,
            Training = training,
            Notes = notes,
        };
    }

    private static async Task<MetricsDocument> ReadMetricsAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new InvalidInputException(
                $"{path}: not found; a run folder must hold the {MetricsFileName} written by `llm-distill eval`");
        }
        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync<MetricsDocument>(stream, MetricsDocument.Options, cancellationToken)
                ?? throw new InvalidInputException($"{path}: holds null, not an object of eval metrics");
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}" : "";
            throw new InvalidInputException($"{path}: not valid eval metrics JSON{where} ({FirstLine(e.Message)})", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{path}: cannot read ({FirstLine(e.Message)})", e);
        }
    }

    private static RunRole ParseRole(string? role, string path) => role?.Trim().ToLowerInvariant() switch
    {
        null or "" or "student" => RunRole.Student,
        "teacher" => RunRole.Teacher,
        "baseline" => RunRole.Baseline,
        _ => throw new InvalidInputException($"{path}: model.role is '{role}'; expected teacher, student or baseline"),
    };

    private static RunAccuracy Accuracy(MetricsDocument.AccuracySection? a, string path)
    {
        var value = a?.Value ?? (a is { Correct: { } c, Total: > 0 and var t } ? (double)c / t : null);
        if (value is not { } v)
            throw new InvalidInputException($"{path}: no accuracy (needs accuracy.value, or accuracy.correct and accuracy.total)");
        if (!double.IsFinite(v) || v < 0 || v > 1)
            throw new InvalidInputException($"{path}: accuracy.value is {v.ToString(CultureInfo.InvariantCulture)}; expected a fraction in [0, 1]");
        var low = Fraction(a?.CiLow, "accuracy.ci_low", path);
        var high = Fraction(a?.CiHigh, "accuracy.ci_high", path);
        return new RunAccuracy(v, a?.Correct, a?.Total, low, high, a?.Method);
    }

    private static double? Fraction(double? value, string field, string path) => value switch
    {
        null => null,
        { } v when double.IsFinite(v) && v is >= 0 and <= 1 => v,
        { } v => throw new InvalidInputException(
            $"{path}: {field} is {v.ToString(CultureInfo.InvariantCulture)}; expected a fraction in [0, 1]"),
    };

    private static long? Positive(long? value) => value > 0 ? value : null;

    private static double? Positive(double? value) => value > 0 && double.IsFinite(value.Value) ? value : null;

    private static Dictionary<string, string> Labels(Dictionary<string, JsonElement>? labels)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in labels ?? [])
        {
            var text = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
                _ => null,
            };
            if (text is not null)
                result[key] = text;
        }
        return result;
    }

    private static DateTimeOffset? CreatedAt(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.String } e
        && DateTimeOffset.TryParse(e.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t.ToUniversalTime()
            : null;

    private static async Task<TrainingLog?> LoadTrainingAsync(string runDirectory, Dictionary<string, string> labels,
        List<string> notes, CancellationToken cancellationToken)
    {
        string? directory = null;
        if (labels.TryGetValue("training_dir", out var labelled) && !string.IsNullOrWhiteSpace(labelled))
        {
            var candidate = Path.GetFullPath(labelled, runDirectory);
            if (System.IO.Directory.Exists(candidate))
                directory = candidate;
            else
                notes.Add($"labels.training_dir '{labelled}' not found: no training curves");
        }
        var sub = Path.Combine(runDirectory, TrainingFolderName);
        if (directory is null && System.IO.Directory.Exists(sub))
            directory = sub;
        return directory is null ? null : await TrainingLogReader.ReadAsync(directory, notes, cancellationToken);
    }

    internal static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
