using System.Diagnostics;
using LlmDistill.Core.Errors;
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
    private readonly GenerationOptions _options;
    private readonly SampleFactory _samples;

    public GenerationRunner(ITeacher teacher, PromptTemplate template, GenerationOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _teacher = teacher;
        _options = options;
        _samples = new SampleFactory(template, options, teacher.Name, timeProvider ?? TimeProvider.System);
    }

    public async Task<GenerationProgress> RunAsync(IReadOnlyList<TaskItem> items, ExampleDatasetWriter writer,
        IProgress<GenerationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var work = _samples.Plan(items, writer);
        var total = items.Count * _options.Samples;
        var tally = new GenerationTally(total, total - work.Sum(w => w.Pending.Count));
        progress?.Report(tally.Snapshot());

        using var inFlight = new SemaphoreSlim(_options.Concurrency);
        var pending = work.Where(w => w.Pending.Count > 0).ToList();
        async Task<Example[]> AskAsync((TaskItem Item, IReadOnlyList<int> Pending) unit, CancellationToken ct) =>
            [.. _samples.Review(await Task.WhenAll(unit.Pending.Select(s => SampleAsync(unit.Item, s, inFlight, ct))))];
        async Task StoreAsync(Example[] rows, CancellationToken ct)
        {
            foreach (var row in rows)
            {
                await writer.AppendAsync(row, ct);
                tally.Add(row);
                progress?.Report(tally.Snapshot());
            }
        }

        try
        {
            if (pending.Count == 0)
                return tally.Snapshot();
            // The first question alone: a teacher that cannot answer it at all (unreachable, wrong model name)
            // stops the run with one line before a single failed row is stored.
            var first = await AskAsync(pending[0], cancellationToken);
            if (first.All(r => ExampleStatus.Kind(r.Status) == "failed"))
                throw new ExternalServiceException(
                    $"{_teacher.Name} did not answer the first question ({first[0].Status}); nothing was stored. Is the endpoint reachable?");
            await StoreAsync(first, cancellationToken);

            await Parallel.ForEachAsync(pending.Skip(1),
                new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken },
                async (unit, ct) => await StoreAsync(await AskAsync(unit, ct), ct));
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
        var id = _samples.Id(item, sampleIndex);
        var request = _samples.Request(item, id);
        var row = _samples.Row(item, sampleIndex, id);

        await inFlight.WaitAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        try
        {
            var response = await _teacher.CompleteAsync(request, cancellationToken);
            return _samples.Answered(row, response, clock.ElapsedMilliseconds);
        }
        catch (TeacherException e) when (e.StatusCode is 401 or 403)
        {
            // Every other request would fail the same way: stop, keeping what is stored.
            throw new ExternalServiceException($"{_teacher.Name} refused the credentials (HTTP {e.StatusCode}): check the API key variable", e);
        }
        catch (TeacherException e) when (!cancellationToken.IsCancellationRequested)
        {
            return SampleFactory.Failed(row, e.Reason, clock.ElapsedMilliseconds);
        }
        finally
        {
            inFlight.Release();
        }
    }
}
