using System.Globalization;
using LlmDistill.Core.Answers;
using LlmDistill.Core.Examples;
using LlmDistill.Core.Prompts;
using LlmDistill.Core.Tasks;
using LlmDistill.Generation.Teachers;
using LlmDistill.Storage.Examples;

namespace LlmDistill.Generation.Runs;

/// <summary>
/// What every generation path shares, so that the online runner and the batch runner store the same rows
/// for the same sample: the id, the request, the row around a teacher's answer (parse and status), and the
/// review of one item's samples (repeats, self-consistency).
/// </summary>
internal sealed class SampleFactory
{
    private readonly PromptTemplate _template;
    private readonly GenerationOptions _options;
    private readonly AnswerParser _parser;
    private readonly string _teacherName;
    private readonly TimeProvider _time;

    public SampleFactory(PromptTemplate template, GenerationOptions options, string teacherName, TimeProvider time)
    {
        _template = template;
        _options = options;
        _parser = new AnswerParser(template.AnswerMarker);
        _teacherName = teacherName;
        _time = time;
    }

    public string Id(TaskItem item, int sampleIndex) => Example.MakeId(item.Id, _template.Id, sampleIndex);

    /// <summary>Each item with the sample indices not yet stored in <paramref name="writer"/>.</summary>
    public List<(TaskItem Item, List<int> Pending)> Plan(IReadOnlyList<TaskItem> items, ExampleDatasetWriter writer) =>
        items.Select(item => (Item: item, Pending: Enumerable.Range(0, _options.Samples)
                .Where(s => !writer.Contains(Id(item, s))).ToList()))
            .ToList();

    public TeacherRequest Request(TaskItem item, string id) =>
        new(_template.Render(new Dictionary<string, string>
        {
            ["instruction"] = item.Instruction,
            ["input"] = item.Input,
        }))
        {
            Temperature = _options.Temperature,
            MaxTokens = _options.MaxTokens,
            TopLogprobs = _options.TopLogprobs,
            // The id is a hash already: its first hex digits give each sample its own reproducible seed.
            Seed = _options.Seed is { } seed ? unchecked(seed + int.Parse(id.AsSpan(0, 7), NumberStyles.HexNumber, CultureInfo.InvariantCulture)) : null,
        };

    /// <summary>The row of a sample before the teacher has answered.</summary>
    public Example Row(TaskItem item, int sampleIndex, string id) => new()
    {
        Id = id,
        Task = item.Task,
        Instruction = item.Instruction,
        Input = item.Input,
        Reference = item.Reference,
        Teacher = _teacherName,
        Template = _template.Id,
        SampleIndex = sampleIndex,
        Temperature = _options.Temperature,
        Status = ExampleStatus.Ok,
        CreatedAt = _time.GetUtcNow().UtcDateTime,
    };

    /// <summary>The row with the teacher's answer, parsed and classified.</summary>
    public Example Answered(Example row, TeacherResponse response, long latencyMs)
    {
        var parsed = _parser.Parse(response.Text);
        return row with
        {
            Output = response.Text,
            Rationale = parsed.Rationale,
            Answer = parsed.Answer,
            FinishReason = response.FinishReason,
            PromptTokens = response.PromptTokens,
            CompletionTokens = response.CompletionTokens,
            TopLogprobs = response.TopLogprobs,
            LatencyMs = latencyMs,
            Status = OutputClassifier.Classify(response.Text, response.FinishReason, parsed, row.Reference, _options.FilterWrongAnswers),
        };
    }

    public static Example Failed(Example row, string reason, long latencyMs) =>
        row with { LatencyMs = latencyMs, Status = ExampleStatus.Failed(reason) };

    /// <summary>Marks repeated outputs, and with self-consistency the answers outside the majority, among one item's samples.</summary>
    public IEnumerable<Example> Review(IReadOnlyCollection<Example> rows)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var majority = _options.SelfConsistency
            ? rows.Where(r => r.Status == ExampleStatus.Ok).GroupBy(r => r.Answer)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Min(r => r.SampleIndex)).FirstOrDefault()?.Key
            : null;
        foreach (var row in rows.OrderBy(r => r.SampleIndex))
        {
            if (row.Output is { } output && row.Status == ExampleStatus.Ok && !seen.Add(output))
                yield return row with { Status = ExampleStatus.Filtered("duplicate") };
            else if (majority is not null && row.Status == ExampleStatus.Ok && row.Answer != majority)
                yield return row with { Status = ExampleStatus.Filtered("minority_answer") };
            else
                yield return row;
        }
    }
}
