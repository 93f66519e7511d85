using System.Text.Json.Nodes;
using System.Text.Json;
using LlmDistill.Storage.IO;

namespace LlmDistill.Training.Trainer;

/// <summary>
/// <c>metrics.jsonl</c>: one JSON object per line, each with a <c>step</c>. Training lines carry loss,
/// per-target losses, lr, tokens/s and RSS; evaluation lines carry <c>val_loss</c>. NaN is written as null.
/// </summary>
public sealed class MetricsLog(string path)
{
    public string Path { get; } = path;

    public void Append(int step, IEnumerable<KeyValuePair<string, double>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var line = new JsonObject { ["step"] = step };
        foreach (var (key, value) in values)
            line[key] = double.IsFinite(value) ? JsonValue.Create(Math.Round(value, 6)) : null;
        File.AppendAllText(Path, line.ToJsonString() + "\n");
    }

    /// <summary>
    /// Drops lines after <paramref name="step"/>: a run killed after its last checkpoint logged steps
    /// that the resumed run does again, and they must not appear twice.
    /// </summary>
    public void TruncateAfter(int step)
    {
        if (!File.Exists(Path))
            return;
        var kept = File.ReadLines(Path)
            .Where(line => !string.IsNullOrWhiteSpace(line) && StepOf(line) <= step)
            .ToList();
        AtomicFile.WriteAllText(Path, string.Concat(kept.Select(line => line + "\n")));
    }

    private static int StepOf(string line)
    {
        try
        {
            return JsonNode.Parse(line)?["step"]?.GetValue<int>() ?? int.MaxValue;
        }
        catch (JsonException)
        {
            return int.MaxValue; // a torn last line from a kill
        }
    }
}
