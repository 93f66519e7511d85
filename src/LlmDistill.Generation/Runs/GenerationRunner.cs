using System.Diagnostics;
using System.Globalization;
using LlmDistill.Core.Answers;
using LlmDistill.Core.Examples;
using LlmDistill.Core.Prompts;
using LlmDistill.Core.Tasks;
using LlmDistill.Generation.Teachers;
using LlmDistill.Storage.Examples;

namespace LlmDistill.Generation.Runs;

/// <summary>
/// Asks a teacher about every task item (K samples each), parses and classifies each answer, and stores
/// one row per sample. Samples already stored are skipped, so the same call resumes a killed run; a
/// request that keeps failing is stored as <c>failed:REASON</c>, never dropped. At most
/// <see cref="GenerationOptions.Concurrency"/> requests are in flight.
/// </summary>
public sealed class GenerationRunner
{
    private readonly ITeacher _teacher;
    private readonly PromptTemplate _template;
    private readonly GenerationOptions _options;
    private readonly AnswerParser _parser;
    private readonly TimeProvider _time;

    public GenerationRunner(ITeacher teacher, PromptTemplate template, GenerationOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _teacher = teacher;
        _template = template;
        _options = options;
        _parser = new AnswerParser(template.AnswerMarker);
        _time = timeProvider ?? TimeProvider.System;
    }

    public async Task<GenerationProgress> RunAsync(IReadOnlyList<TaskItem> items, ExampleDatasetWriter writer,
        IProgress<GenerationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var work = items
            .Select(item => (Item: item, Pending: Enumerable.Range(0, _options.Samples)
                .Where(s => !writer.Contains(Example.MakeId(item.Id, _template.Id, s))).ToList()))
            .ToList();
        var total = items.Count * _options.Samples;
        var tally = new Tally(total, total - work.Sum(w => w.Pending.Count));
        progress?.Report(tally.Snapshot());

        using var inFlight = new SemaphoreSlim(_options.Concurrency);
        try
        {
            await Parallel.ForEachAsync(work.Where(w => w.Pending.Count > 0),
                new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken },
                async (unit, ct) =>
                {
                    var rows = await Task.WhenAll(unit.Pending.Select(s => SampleAsync(unit.Item, s, inFlight, ct)));
                    foreach (var row in Review(rows))
                    {
                        await writer.AppendAsync(row, ct);
                        tally.Add(row);
                        progress?.Report(tally.Snapshot());
                    }
                });
        }
        finally
        {
            // Ctrl-C ends the run, not the part: what was answered is stored.
            await writer.FlushAsync(CancellationToken.None);
        }
        return tally.Snapshot();
    }

    private async Task<Example> SampleAsync(TaskItem item, int sampleIndex, SemaphoreSlim inFlight, CancellationToken cancellationToken)
    {
        var id = Example.MakeId(item.Id, _template.Id, sampleIndex);
        var request = new TeacherRequest(_template.Render(new Dictionary<string, string>
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
        var row = new Example
        {
            Id = id,
            Task = item.Task,
            Instruction = item.Instruction,
            Input = item.Input,
            Reference = item.Reference,
            Teacher = _teacher.Name,
            Template = _template.Id,
            SampleIndex = sampleIndex,
            Temperature = _options.Temperature,
            Status = ExampleStatus.Ok,
            CreatedAt = _time.GetUtcNow().UtcDateTime,
        };

        await inFlight.WaitAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        try
        {
            var response = await _teacher.CompleteAsync(request, cancellationToken);
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
                LatencyMs = clock.ElapsedMilliseconds,
                Status = OutputClassifier.Classify(response.Text, response.FinishReason, parsed, item.Reference, _options.FilterWrongAnswers),
            };
        }
        catch (TeacherException e) when (!cancellationToken.IsCancellationRequested)
        {
            return row with { LatencyMs = clock.ElapsedMilliseconds, Status = ExampleStatus.Failed(e.Reason) };
        }
        finally
        {
            inFlight.Release();
        }
    }

    /// <summary>Marks repeated outputs, and with self-consistency the answers outside the majority.</summary>
    private IEnumerable<Example> Review(Example[] rows)
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

    private sealed class Tally(int total, int skipped)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly int _skipped = skipped;
        private int _done = skipped;
        private int _ok;
        private int _failed;
        private long _tokens;

        public void Add(Example row)
        {
            Interlocked.Increment(ref _done);
            if (row.Status == ExampleStatus.Ok)
                Interlocked.Increment(ref _ok);
            else if (ExampleStatus.Kind(row.Status) == "failed")
                Interlocked.Increment(ref _failed);
            Interlocked.Add(ref _tokens, row.CompletionTokens ?? 0);
        }

        public GenerationProgress Snapshot() =>
            new(Volatile.Read(ref _done), total, _skipped, Volatile.Read(ref _ok), Volatile.Read(ref _failed),
                Interlocked.Read(ref _tokens), _clock.Elapsed);
    }
}
