using LlmDistill.Core.Errors;
using LlmDistill.Core.Examples;
using LlmDistill.Generation.Runs;

namespace LlmDistill.Generation.Batch;

public sealed partial class BatchGenerationRunner
{
    private static Task<List<string>> ReadIdsAsync(string runDirectory, BatchJob job, CancellationToken cancellationToken)
    {
        var path = Path.Combine(runDirectory, job.InputPath);
        if (!File.Exists(path))
        {
            throw new InvalidInputException($"{path}: the input file of batch {job.BatchId ?? "(not submitted)"} is missing; "
                + "it lists the requests still to collect");
        }
        return BatchOutputReader.ReadInputIdsAsync(path, cancellationToken);
    }

    /// <summary>Stores a row for every request of an ended batch, then marks the batch collected.</summary>
    private async Task CollectAsync(Run run, int index, CancellationToken cancellationToken)
    {
        var job = run.Jobs[index];
        var directory = run.Writer.RunDirectory;
        var stem = Path.GetFileNameWithoutExtension(job.InputPath).Replace("input-", "", StringComparison.Ordinal);
        var results = new BatchOutputReader(_options.TopLogprobs > 0);
        foreach (var (fileId, kind) in new[] { (job.OutputFileId, "output"), (job.ErrorFileId, "errors") })
        {
            if (fileId is null)
                continue;
            var path = Path.Combine(directory, BatchStateFile.FilesFolder, $"{kind}-{stem}.jsonl");
            if (!File.Exists(path))
                await _service.DownloadAsync(fileId, path, cancellationToken);
            await results.ReadAsync(path, cancellationToken);
        }

        var missing = job.Status switch
        {
            BatchStatus.Expired => "batch_expired",
            BatchStatus.Cancelled => "batch_cancelled",
            BatchStatus.Failed => "batch_failed",
            _ => "missing_from_batch",
        };
        var byItem = new Dictionary<string, List<Example>>(StringComparer.Ordinal);
        var unknown = 0;
        foreach (var id in await ReadIdsAsync(directory, job, cancellationToken))
        {
            if (!run.Samples.TryGetValue(id, out var sample))
            {
                unknown++;
                continue;
            }
            var row = _samples.Row(sample.Item, sample.Index, id);
            // A batch has no per-request latency: latency_ms stays 0.
            row = results.Lines.TryGetValue(id, out var line)
                ? line.Response is { } response ? _samples.Answered(row, response, 0) : SampleFactory.Failed(row, line.FailureReason!, 0)
                : SampleFactory.Failed(row, missing, 0);
            if (!byItem.TryGetValue(sample.Item.Id, out var rows))
                byItem[sample.Item.Id] = rows = [];
            rows.Add(row);
        }

        var stored = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rows in byItem.Values)
        {
            foreach (var row in _samples.Review(rows))
            {
                var kind = ExampleStatus.Kind(row.Status);
                stored[kind] = stored.GetValueOrDefault(kind) + 1;
                // False for a row stored before a kill interrupted this collection: it is not stored twice.
                if (!await run.Writer.AppendAsync(row, cancellationToken))
                    continue;
                run.Tally.Add(row);
                run.Progress?.Report(run.Tally.Snapshot());
            }
        }
        // The rows are on disk before the job is marked collected.
        await run.Writer.FlushAsync(cancellationToken);
        await run.UpdateAsync(index, job = job with { Collected = true, Stored = stored });
        Report(run, job, unknown, results);
    }

    private static void Report(Run run, BatchJob job, int unknown, BatchOutputReader results)
    {
        var name = $"batch {job.BatchId} ({job.InputPath})";
        if (job.Status != BatchStatus.Completed)
        {
            var errors = job.Errors.Count > 0 ? ": " + string.Join("; ", job.Errors) : "";
            var failed = job.Stored.GetValueOrDefault("failed");
            run.Problems.Add($"{name} ended {job.Status}{errors}; {job.Requests - failed} of its {job.Requests} requests "
                + $"were answered and stored, {failed} stored as failed");
        }
        else if (job.Stored.GetValueOrDefault("failed") is > 0 and var failed)
        {
            run.Problems.Add($"{name}: {failed} of {job.Requests} requests failed (see their failed:REASON rows)");
        }
        if (results.Unreadable > 0)
            run.Problems.Add($"{name}: {results.Unreadable} unreadable result lines skipped");
        if (unknown > 0)
            run.Problems.Add($"{name}: {unknown} requests are not among this run's tasks (changed task file?) and were not stored");
    }
}
