using LlmDistill.Core.Errors;
using LlmDistill.Core.Examples;
using LlmDistill.Core.Prompts;
using LlmDistill.Core.Tasks;
using LlmDistill.Generation.Runs;
using LlmDistill.Storage.Examples;

namespace LlmDistill.Generation.Batch;

/// <summary>
/// Generates the rows <see cref="GenerationRunner"/> would — same ids, requests, parsing and statuses — through
/// the Batch API: writes the requests not yet stored as JSONL input files within the API's limits, uploads
/// them, creates one batch per file, polls, and stores every request's row when its batch ends. A request the
/// API answered with an error is stored as <c>failed:REASON</c>, one it never answered as
/// <c>failed:missing_from_batch</c> (or <c>failed:batch_expired</c>, <c>…cancelled</c>, <c>…failed</c> when the
/// whole batch stopped).
/// </summary>
/// <remarks>
/// Resumable: every step is recorded in <c>RUN/batches.json</c> before the next one starts, so running the
/// same call again after a kill re-attaches to the batches already submitted instead of submitting their
/// requests again, and collects what has finished. Batches run on the provider's clock (up to the 24-hour
/// window); a run may be stopped and resumed any number of times meanwhile.
/// </remarks>
public sealed partial class BatchGenerationRunner
{
    private readonly OpenAiBatchService _service;
    private readonly GenerationOptions _options;
    private readonly BatchOptions _batchOptions;
    private readonly SampleFactory _samples;
    private readonly TimeProvider _time;

    public BatchGenerationRunner(OpenAiBatchService service, PromptTemplate template, GenerationOptions options,
        BatchOptions? batchOptions = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _batchOptions = batchOptions ?? new BatchOptions();
        _batchOptions.Validate();
        _service = service;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _samples = new SampleFactory(template, options, service.Name, _time);
    }

    /// <summary>
    /// Generates every sample of <paramref name="items"/> not yet stored in <paramref name="writer"/>'s run, and
    /// returns when every batch of the run has ended and been collected. Cancelling stops the waiting, not the
    /// batches: the next call picks them up.
    /// </summary>
    /// <param name="progress">Rows stored, reported after each.</param>
    /// <param name="jobProgress">A batch's new state, reported after each change (submitted, status, collected).</param>
    public async Task<BatchRunResult> RunAsync(IReadOnlyList<TaskItem> items, ExampleDatasetWriter writer,
        IProgress<GenerationProgress>? progress = null, IProgress<BatchJob>? jobProgress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(writer);
        var state = await LoadStateAsync(writer.RunDirectory, cancellationToken);
        var samples = new Dictionary<string, (TaskItem Item, int Index)>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            for (var s = 0; s < _options.Samples; s++)
                samples[_samples.Id(item, s)] = (item, s);
        }
        var plan = _samples.Plan(items, writer);
        var total = items.Count * _options.Samples;
        var run = new Run(writer, state, samples, new GenerationTally(total, total - plan.Sum(p => p.Pending.Count)), progress, jobProgress);
        progress?.Report(run.Tally.Snapshot());

        try
        {
            // Requests already in a batch of an earlier run wait for that batch; only the rest go into new files.
            var waiting = new HashSet<string>(StringComparer.Ordinal);
            foreach (var job in run.Jobs.Where(j => !j.Collected))
                waiting.UnionWith(await ReadIdsAsync(writer.RunDirectory, job, cancellationToken));
            await WriteInputsAsync(run, plan, waiting, cancellationToken);

            for (var i = 0; i < run.Jobs.Count; i++)
            {
                if (!run.Jobs[i].Collected && run.Jobs[i].BatchId is null)
                    await SubmitAsync(run, i, cancellationToken);
            }
            await PollAsync(run, cancellationToken);
        }
        finally
        {
            // Ctrl-C ends the run, not the part: what was collected is stored.
            await writer.FlushAsync(CancellationToken.None);
        }
        return new BatchRunResult(run.Tally.Snapshot(), run.Jobs.ToList(), run.Problems);
    }

    /// <summary>
    /// Asks the API to cancel every batch of the run that is still running. The next <see cref="RunAsync"/>
    /// collects what they answered before they stopped and stores the rest as <c>failed:batch_cancelled</c>.
    /// Takes the run's writer so that no other process works on the run meanwhile.
    /// </summary>
    public async Task<IReadOnlyList<BatchJob>> CancelAsync(ExampleDatasetWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var state = await LoadStateAsync(writer.RunDirectory, cancellationToken);
        var jobs = state.Jobs.ToList();
        for (var i = 0; i < jobs.Count; i++)
        {
            if (jobs[i].Collected || jobs[i].BatchId is not { } batchId || BatchStatus.IsTerminal(jobs[i].Status))
                continue;
            jobs[i] = Apply(jobs[i], await _service.CancelAsync(batchId, cancellationToken));
            await BatchStateFile.WriteAsync(writer.RunDirectory, state with { Jobs = jobs.ToList() }, CancellationToken.None);
        }
        return jobs;
    }

    private async Task<BatchState> LoadStateAsync(string runDirectory, CancellationToken cancellationToken)
    {
        var state = await BatchStateFile.ReadAsync(runDirectory, cancellationToken);
        if (state is null)
            return new BatchState { Teacher = _service.Name };
        if (state.Teacher != _service.Name && state.Jobs.Any(j => !j.Collected))
        {
            throw new InvalidInputException($"{BatchStateFile.PathIn(runDirectory)}: this run has batches of {state.Teacher} "
                + $"still to collect; resume it with that teacher, not {_service.Name}");
        }
        return state with { Teacher = _service.Name };
    }

    private async Task WriteInputsAsync(Run run, List<(TaskItem Item, List<int> Pending)> plan, HashSet<string> waiting,
        CancellationToken cancellationToken)
    {
        var written = new List<BatchJob>();
        BatchInputFile? file = null;
        try
        {
            foreach (var (item, pending) in plan)
            {
                var lines = pending
                    .Select(s => _samples.Id(item, s))
                    .Where(id => !waiting.Contains(id))
                    .Select(id => BatchRequestLine.Encode(id, _service.RequestUrl, _service.Model, _service.MaxTokensField, _samples.Request(item, id)))
                    .ToList();
                if (lines.Count == 0)
                    continue;
                if (lines.Max(l => l.Length) > _batchOptions.MaxBytesPerFile)
                    throw new InvalidInputException($"item {item.Id}: one batch request is larger than {_batchOptions.MaxBytesPerFile} bytes");
                // An item's samples go into one file where they fit, so that they are reviewed together
                // (repeats, self-consistency) as the online runner reviews them.
                if (file is not null && !Fits(file, lines.Count, lines.Sum(l => (long)l.Length)))
                {
                    written.Add(await file.CompleteAsync(cancellationToken));
                    file = null;
                }
                foreach (var line in lines)
                {
                    if (file is not null && !Fits(file, 1, line.Length))
                    {
                        written.Add(await file.CompleteAsync(cancellationToken));
                        file = null;
                    }
                    file ??= new BatchInputFile(run.Writer.RunDirectory, run.Jobs.Count + written.Count);
                    await file.WriteAsync(line, cancellationToken);
                }
            }
            if (file is not null)
                written.Add(await file.CompleteAsync(cancellationToken));
        }
        finally
        {
            if (file is not null)
                await file.DisposeAsync();
        }
        if (written.Count == 0)
            return;
        // The files are on disk before the state names them: a kill in between leaves files a rerun rewrites.
        run.Jobs.AddRange(written);
        await run.SaveAsync();
    }

    private bool Fits(BatchInputFile file, int requests, long bytes) =>
        file.Requests + requests <= _batchOptions.MaxRequestsPerFile && file.Bytes + bytes <= _batchOptions.MaxBytesPerFile;

    private async Task SubmitAsync(Run run, int index, CancellationToken cancellationToken)
    {
        var job = run.Jobs[index];
        if (job.InputFileId is null)
        {
            var fileId = await _service.UploadAsync(Path.Combine(run.Writer.RunDirectory, job.InputPath), cancellationToken);
            await run.UpdateAsync(index, job = job with { InputFileId = fileId });
        }
        // Recorded before the call: a run killed before it learns the batch id looks the batch up next time.
        var mayExist = job.Creating;
        if (!mayExist)
            await run.UpdateAsync(index, job = job with { Creating = true });
        var info = await _service.CreateAsync(job.InputFileId, mayExist, cancellationToken);
        await run.UpdateAsync(index, Apply(job, info) with { Creating = false, SubmittedAt = _time.GetUtcNow().UtcDateTime });
    }

    private async Task PollAsync(Run run, CancellationToken cancellationToken)
    {
        while (true)
        {
            for (var i = 0; i < run.Jobs.Count; i++)
            {
                var job = run.Jobs[i];
                if (job.Collected || job.BatchId is null)
                    continue;
                if (!BatchStatus.IsTerminal(job.Status))
                {
                    var info = await _service.GetAsync(job.BatchId, cancellationToken);
                    if (info.Status != job.Status || info.OutputFileId != job.OutputFileId || info.ErrorFileId != job.ErrorFileId)
                        await run.UpdateAsync(i, job = Apply(job, info));
                }
                if (BatchStatus.IsTerminal(job.Status))
                    await CollectAsync(run, i, cancellationToken);
            }
            if (run.Jobs.All(j => j.Collected))
                return;
            await Task.Delay(_batchOptions.PollInterval, _time, cancellationToken);
        }
    }

    private BatchJob Apply(BatchJob job, BatchInfo info) => job with
    {
        BatchId = info.Id,
        Status = info.Status,
        OutputFileId = info.OutputFileId,
        ErrorFileId = info.ErrorFileId,
        Errors = info.Errors,
        FinishedAt = BatchStatus.IsTerminal(info.Status) ? job.FinishedAt ?? _time.GetUtcNow().UtcDateTime : null,
    };
}
