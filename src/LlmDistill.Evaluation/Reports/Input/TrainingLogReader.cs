using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LlmDistill.Evaluation.Reports.Svg;

namespace LlmDistill.Evaluation.Reports.Input;

/// <summary>
/// Reads a trainer's output folder leniently: every numeric field of metrics.jsonl whose name mentions "loss" becomes
/// a curve over <c>step</c>; a line that is not JSON (a run killed mid-write) is skipped and noted, not fatal.
/// </summary>
internal static partial class TrainingLogReader
{
    public const string MetricsFileName = "metrics.jsonl";
    public const string ConfigFileName = "config.json";

    // The order curves are drawn and listed in; other loss fields follow alphabetically.
    private static readonly string[] PreferredOrder = ["loss", "train_loss", "val_loss", "validation_loss", "eval_loss"];

    public static async Task<TrainingLog?> ReadAsync(string directory, List<string> notes, CancellationToken cancellationToken)
    {
        var metricsPath = Path.Combine(directory, MetricsFileName);
        var configPath = Path.Combine(directory, ConfigFileName);
        var series = new SortedDictionary<string, List<ChartPoint>>(StringComparer.Ordinal);
        if (File.Exists(metricsPath))
        {
            var skipped = 0;
            var index = 0;
            foreach (var line in await File.ReadAllLinesAsync(metricsPath, cancellationToken))
            {
                if (string.IsNullOrWhiteSpace(line))
                    continue;
                index++;
                if (!TryReadLine(line, index, series))
                    skipped++;
            }
            if (skipped > 0)
                notes.Add($"{metricsPath}: skipped {skipped} line(s) that are not JSON objects");
        }
        else
        {
            notes.Add($"{metricsPath} not found: no training curves");
        }
        var config = File.Exists(configPath) ? ReadConfig(configPath, notes) : new Dictionary<string, string>();
        if (series.Count == 0 && config.Count == 0)
            return null;
        var ordered = series
            .OrderBy(s => Array.IndexOf(PreferredOrder, s.Key) is var i && i >= 0 ? i : PreferredOrder.Length)
            .ThenBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => new TrainingSeries(s.Key, s.Value.OrderBy(p => p.X).ToList()))
            .ToList();
        return new TrainingLog(directory, ordered, config);
    }

    private static bool TryReadLine(string line, int index, SortedDictionary<string, List<ChartPoint>> series)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return false;
            double step = index;
            if (document.RootElement.TryGetProperty("step", out var s) && s.ValueKind == JsonValueKind.Number)
                step = s.GetDouble();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.Number
                    || !property.Name.Contains("loss", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                var value = property.Value.GetDouble();
                if (!double.IsFinite(value))
                    continue;
                if (!series.TryGetValue(property.Name, out var points))
                    series[property.Name] = points = [];
                points.Add(new ChartPoint(step, value));
            }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static Dictionary<string, string> ReadConfig(string path, List<string> notes)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            Flatten(document.RootElement, "", result);
        }
        catch (JsonException e)
        {
            notes.Add($"{path}: not valid JSON, hyper-parameters left out ({RunLoader.FirstLine(e.Message)})");
        }
        return result;
    }

    private static void Flatten(JsonElement element, string prefix, Dictionary<string, string> into)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var key = prefix.Length == 0 ? property.Name : prefix + "." + property.Name;
                    if (!SecretName().IsMatch(property.Name))
                        Flatten(property.Value, key, into);
                }
                break;
            case JsonValueKind.String:
                into[prefix] = element.GetString() ?? "";
                break;
            case JsonValueKind.Number:
                into[prefix] = element.TryGetInt64(out var n) ? n.ToString(CultureInfo.InvariantCulture)
                    : element.GetDouble().ToString("G6", CultureInfo.InvariantCulture);
                break;
            case JsonValueKind.True or JsonValueKind.False:
                into[prefix] = element.ValueKind == JsonValueKind.True ? "true" : "false";
                break;
            case JsonValueKind.Array:
                into[prefix] = element.GetRawText();
                break;
        }
    }

    // A config should never hold a key, but a report is the wrong place to find out that one did.
    [GeneratedRegex("(api[_-]?key|secret|password|credential|authorization)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();
}
