using System.Text.Json;
using System.Text.RegularExpressions;
using LlmDistill.Core.Answers;
using LlmDistill.Core.Errors;
using LlmDistill.Core.Tasks;
using Parquet.Serialization;

namespace LlmDistill.Generation.Tasks;

/// <summary>
/// Reads questions from GSM8K JSONL, Alpaca seed tasks, Alpaca JSON, or any CSV/JSONL/Parquet with a
/// column mapping. Problems are reported as <c>file:line: what</c>.
/// </summary>
public static partial class TaskFileReader
{
    public static async Task<TaskFile> ReadAsync(string path, TaskFileFormat format = TaskFileFormat.Auto,
        TaskColumnMapping? mapping = null, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
            throw new InvalidInputException($"{path}: task file not found");
        var rows = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" => ReadCsv(path),
            ".parquet" => await ReadParquetAsync(path, cancellationToken),
            ".json" => ReadJsonArray(path),
            _ => ReadJsonLines(path),
        };
        if (format == TaskFileFormat.Auto)
            format = Detect(path, rows);
        var fileTask = Path.GetFileNameWithoutExtension(path);
        var items = new List<TaskItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var duplicates = 0;
        foreach (var row in rows)
        {
            // A row may name its task family (our own task files do); otherwise the file's name does.
            foreach (var item in ToItems(row, format, mapping ?? new TaskColumnMapping(), row.Get("task") ?? fileTask, path))
            {
                if (seen.Add(item.Id))
                    items.Add(item);
                else
                    duplicates++;
            }
        }
        return new TaskFile(items, format, duplicates);
    }

    private static TaskFileFormat Detect(string path, List<Row> rows)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext == ".csv") return TaskFileFormat.Csv;
        if (ext == ".parquet") return TaskFileFormat.Parquet;
        if (rows.Count == 0) return ext == ".json" ? TaskFileFormat.AlpacaJson : TaskFileFormat.Jsonl;
        var first = rows[0].Fields;
        if (first.ContainsKey("question") && first.ContainsKey("answer")) return TaskFileFormat.Gsm8k;
        if (first.ContainsKey("instruction") && first.ContainsKey("instances")) return TaskFileFormat.AlpacaSeed;
        if (ext == ".json") return TaskFileFormat.AlpacaJson;
        return TaskFileFormat.Jsonl;
    }

    private static IEnumerable<TaskItem> ToItems(Row row, TaskFileFormat format, TaskColumnMapping mapping, string task, string path)
    {
        switch (format)
        {
            case TaskFileFormat.Gsm8k:
            {
                var question = row.Require("question", path);
                var parsed = new AnswerParser().Parse(row.Require("answer", path));
                if (!parsed.Succeeded)
                    throw new InvalidInputException($"{path}:{row.Line}: 'answer' has no final answer after '####'");
                var rationale = CalculatorAnnotation().Replace(parsed.Rationale, "");
                yield return new TaskItem(row.Get("id") ?? TaskItem.MakeId(task, question, ""), task, question, "",
                    parsed.Answer, rationale);
                break;
            }
            case TaskFileFormat.AlpacaSeed:
            {
                var instruction = row.Require("instruction", path);
                var instances = row.Instances ?? throw new InvalidInputException($"{path}:{row.Line}: 'instances' is not a list");
                var seedId = row.Get("id");
                foreach (var (instance, i) in instances.Select((x, i) => (x, i)))
                {
                    var input = instance.GetValueOrDefault("input") ?? "";
                    var id = seedId is null ? TaskItem.MakeId(task, instruction, input) : $"{seedId}-{i}";
                    yield return new TaskItem(id, task, instruction, input, instance.GetValueOrDefault("output"));
                }
                break;
            }
            case TaskFileFormat.AlpacaJson:
            {
                var instruction = row.Require("instruction", path);
                var input = row.Get("input") ?? "";
                yield return new TaskItem(row.Get("id") ?? TaskItem.MakeId(task, instruction, input), task, instruction, input, row.Get("output"));
                break;
            }
            default:
            {
                var instruction = row.Require(mapping.Instruction, path);
                var input = mapping.Input is null ? "" : row.Get(mapping.Input) ?? "";
                var id = (mapping.Id is null ? null : row.Get(mapping.Id)) ?? TaskItem.MakeId(task, instruction, input);
                yield return new TaskItem(id, task, instruction, input,
                    mapping.Reference is null ? null : row.Get(mapping.Reference),
                    mapping.Rationale is null ? null : row.Get(mapping.Rationale));
                break;
            }
        }
    }

    private static List<Row> ReadJsonLines(string path)
    {
        var rows = new List<Row>();
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
                continue;
            rows.Add(Row.FromJson(Parse(text, path, line), line, path));
        }
        return rows;
    }

    private static List<Row> ReadJsonArray(string path)
    {
        using var doc = Parse(File.ReadAllText(path), path, 1);
        if (doc.RootElement.ValueKind != JsonValueKind.Array)
            throw new InvalidInputException($"{path}: expected a JSON array of objects");
        return [.. doc.RootElement.EnumerateArray().Select((e, i) => Row.FromElement(e, i + 1, path))];
    }

    private static List<Row> ReadCsv(string path)
    {
        using var reader = new StreamReader(path);
        return [.. CsvRecords.Read(reader, path).Select(r => new Row(r.Line, r.Fields!, null))];
    }

    private static async Task<List<Row>> ReadParquetAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var result = await ParquetSerializer.DeserializeUntypedAsync(File.OpenRead(path), cancellationToken: cancellationToken);
            return [.. result.Data.Select((d, i) => new Row(i + 1,
                d.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString()), null))];
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or InvalidOperationException)
        {
            throw new InvalidInputException($"{path}: not a readable Parquet file ({e.Message.Split('\n')[0]})", e);
        }
    }

    private static JsonDocument Parse(string text, string path, int line)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}:{line}: not valid JSON ({e.Message.Split('\n')[0]})", e);
        }
    }

    // GSM8K marks calculator calls as <<48/2=24>>; they are tool syntax, not reasoning.
    [GeneratedRegex("<<[^>]*>>")]
    private static partial Regex CalculatorAnnotation();
}
