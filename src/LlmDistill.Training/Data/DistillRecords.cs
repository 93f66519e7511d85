using System.Text.Json;
using LlmDistill.Core.Errors;
using LlmDistill.Core.Examples;
using LlmDistill.Core.Tasks;

namespace LlmDistill.Training.Data;

/// <summary>
/// Sources of <see cref="DistillRecord"/>s. Any <c>IEnumerable&lt;DistillRecord&gt;</c> is a source.
/// </summary>
public static class DistillRecords
{
    /// <summary>Ground truth of task items (e.g. <see cref="ArithmeticWordProblems"/>); items without a reference are skipped.</summary>
    public static IEnumerable<DistillRecord> FromTaskItems(IEnumerable<TaskItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
        {
            if (item.Reference is not null)
                yield return new DistillRecord(item.Instruction, item.Input, item.ReferenceRationale, item.Reference);
        }
    }

    /// <summary>
    /// A generated dataset's usable rows: status <c>ok</c> with an answer (the teacher's rationale comes along), in
    /// the order of their ids: a dataset stores rows as its requests finished, and training must not depend on that.
    /// </summary>
    public static IEnumerable<DistillRecord> FromExamples(IEnumerable<Example> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        foreach (var example in examples.OrderBy(e => e.Id, StringComparer.Ordinal))
        {
            if (example.Status == ExampleStatus.Ok && !string.IsNullOrWhiteSpace(example.Answer))
                yield return new DistillRecord(example.Instruction, example.Input, example.Rationale, example.Answer) { Teacher = Positions(example) };
        }
    }

    // Alternatives without token ids (an HTTP teacher's) cannot be matched to the student's vocabulary.
    private static TeacherPosition[]? Positions(Example example)
    {
        if (example.TopLogprobs is not { Count: > 0 } top || top.Any(t => t.Id is null))
            return null;
        return [.. top.GroupBy(t => t.Position).OrderBy(g => g.Key).Select(g =>
        {
            var sorted = g.OrderByDescending(t => t.Logprob).ToArray();
            return new TeacherPosition([.. sorted.Select(t => t.Id!.Value)], [.. sorted.Select(t => t.Logprob)]);
        })];
    }

    /// <summary>
    /// Reads JSON Lines of <c>{"instruction", "input"?, "rationale"?, "answer"}</c>. Blank lines are skipped;
    /// a malformed line is an <see cref="InvalidInputException"/> naming the file and line.
    /// </summary>
    public static IReadOnlyList<DistillRecord> ReadJsonl(string path)
    {
        if (!File.Exists(path))
            throw new InvalidInputException($"{path}: file not found");
        var records = new List<DistillRecord>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                var instruction = Text(root, "instruction") ?? throw new InvalidInputException($"{path}:{lineNumber}: missing \"instruction\"");
                var answer = Text(root, "answer") ?? throw new InvalidInputException($"{path}:{lineNumber}: missing \"answer\"");
                records.Add(new DistillRecord(instruction, Text(root, "input") ?? "", Text(root, "rationale"), answer));
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                throw new InvalidInputException($"{path}:{lineNumber}: not a JSON object with string fields ({e.Message.Split('\n')[0]})", e);
            }
        }
        return records;
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.GetString() : null;
}
