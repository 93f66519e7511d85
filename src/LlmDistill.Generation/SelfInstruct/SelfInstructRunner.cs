using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using LlmDistill.Core.Prompts;
using LlmDistill.Core.Tasks;
using LlmDistill.Generation.Teachers;

namespace LlmDistill.Generation.SelfInstruct;

/// <summary>
/// Alpaca's self-instruct loop: sample a few seed tasks into the <c>self-instruct</c> template, ask the
/// teacher to continue the numbered list, parse the new tasks, drop malformed, blacklisted and
/// near-duplicate ones (ROUGE-L ≥ threshold against every seed and kept task), and append the rest to a
/// JSONL file in Alpaca's shape (<c>instruction</c>, <c>input</c>, <c>output</c>). The file is the
/// run's state: rerunning with the same output resumes, counting and de-duplicating what it holds.
/// </summary>
public sealed partial class SelfInstructRunner
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ITeacher _teacher;
    private readonly PromptTemplate _template;
    private readonly SelfInstructOptions _options;

    public SelfInstructRunner(ITeacher teacher, PromptTemplate template, SelfInstructOptions options)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        foreach (var variable in new[] { "count", "examples", "next_number" })
        {
            if (!template.Variables.Contains(variable))
                throw new ArgumentException($"template '{template.Name}' does not use {{{{{variable}}}}}", nameof(template));
        }
        _teacher = teacher;
        _template = template;
        _options = options;
    }

    public async Task<SelfInstructProgress> RunAsync(IReadOnlyList<TaskItem> seeds, string outputPath,
        IProgress<SelfInstructProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (seeds.Count < _options.ExamplesPerPrompt)
            throw new Core.Errors.InvalidInputException(
                $"self-instruct needs at least {_options.ExamplesPerPrompt} seed tasks, got {seeds.Count}");
        var filter = new NearDuplicateFilter(_options.RougeThreshold);
        foreach (var seed in seeds)
            filter.TryAdd(seed.Instruction);
        var generated = new List<TaskItem>();
        foreach (var existing in ReadExisting(outputPath))
        {
            filter.TryAdd(existing.Instruction);
            generated.Add(existing);
        }
        var kept = generated.Count;

        var rejected = new Dictionary<string, int>();
        var prompts = 0;
        var random = new Random(_options.Seed + kept);
        var gate = new object();
        await using var output = new StreamWriter(new FileStream(outputPath, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
        SelfInstructProgress Snapshot() => new(kept, _options.Target, prompts, new Dictionary<string, int>(rejected));

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = Enumerable.Range(0, _options.Concurrency).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                TeacherRequest request;
                lock (gate)
                {
                    if (kept >= _options.Target || prompts >= _options.MaxPrompts)
                        return;
                    request = BuildRequest(seeds, generated, random);
                    prompts++;
                }
                TeacherResponse response;
                try
                {
                    response = await _teacher.CompleteAsync(request, stop.Token);
                }
                catch (TeacherException e)
                {
                    lock (gate)
                        rejected[$"failed:{e.Reason}"] = rejected.GetValueOrDefault($"failed:{e.Reason}") + 1;
                    continue;
                }
                // The prompt ends with "k+1. Instruction:"; a completion model continues after it, a chat model may repeat it.
                var first = _options.ExamplesPerPrompt + 1;
                var text = ListStart().IsMatch(response.Text) ? response.Text : $"{first}. Instruction: {response.Text.TrimStart()}";
                var items = InstructionListParser.Parse(text, first, response.FinishReason == "length");
                lock (gate)
                {
                    foreach (var item in items)
                    {
                        if (kept >= _options.Target)
                            break;
                        var reason = InstructionFilter.Reject(item.Instruction)
                            ?? (filter.TryAdd(item.Instruction) ? null : "near_duplicate");
                        if (reason is not null)
                        {
                            rejected[reason] = rejected.GetValueOrDefault(reason) + 1;
                            continue;
                        }
                        output.WriteLine(JsonSerializer.Serialize(
                            new { instruction = item.Instruction, input = item.Input, output = item.Output ?? "" }, Json));
                        generated.Add(new TaskItem($"generated-{kept}", "self-instruct", item.Instruction, item.Input, item.Output ?? ""));
                        kept++;
                    }
                    output.Flush();
                    progress?.Report(Snapshot());
                }
            }
        }).ToList();
        await Task.WhenAll(workers);
        cancellationToken.ThrowIfCancellationRequested();
        return Snapshot();
    }

    // Self-instruct's mix: mostly human-written seeds, plus one task generated earlier once there are some
    // (Wang et al. show 6 seeds and 2 generated), so the list drifts beyond the seeds without forgetting them.
    private TeacherRequest BuildRequest(IReadOnlyList<TaskItem> seeds, List<TaskItem> generated, Random random)
    {
        var fromGenerated = generated.Count > 0 && _options.ExamplesPerPrompt > 1 ? 1 : 0;
        var picked = Enumerable.Range(0, seeds.Count).OrderBy(_ => random.Next())
            .Take(_options.ExamplesPerPrompt - fromGenerated).Select(i => seeds[i])
            .Concat(Enumerable.Range(0, fromGenerated).Select(_ => generated[random.Next(generated.Count)]))
            .ToList();
        var examples = new StringBuilder();
        for (var i = 0; i < picked.Count; i++)
        {
            var task = picked[i];
            var n = i + 1;
            if (i > 0)
                examples.Append("###\n");
            examples.Append($"{n}. Instruction: {task.Instruction}\n{n}. Input:\n{(task.Input.Length > 0 ? task.Input : "<noinput>")}\n{n}. Output:\n{task.Reference}\n");
        }
        var messages = _template.Render(new Dictionary<string, string>
        {
            ["count"] = _options.ListLength.ToString(),
            ["examples"] = examples.ToString().TrimEnd(),
            ["next_number"] = (picked.Count + 1).ToString(),
        });
        return new TeacherRequest(messages)
        {
            Temperature = _options.Temperature,
            MaxTokens = _options.MaxTokens,
            Stop = [$"\n{_options.ListLength + 1}.", $"{_options.ListLength + 1}. Instruction"],
        };
    }

    private static IEnumerable<TaskItem> ReadExisting(string path)
    {
        if (!File.Exists(path))
            yield break;
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
                continue;
            TaskItem? item;
            try
            {
                using var doc = JsonDocument.Parse(text);
                var root = doc.RootElement;
                string? Field(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                item = Field("instruction") is { } instruction
                    ? new TaskItem($"generated-{line}", "self-instruct", instruction, Field("input") ?? "", Field("output") ?? "")
                    : null;
            }
            catch (JsonException e)
            {
                throw new Core.Errors.InvalidInputException($"{path}:{line}: not valid JSON ({e.Message.Split('\n')[0]}); fix or move the file to resume", e);
            }
            if (item is not null)
                yield return item;
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*\d+\s*\.\s*Instruction\s*:", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex ListStart();
}
