namespace LlmDistill.Generation.Batch;

/// <summary>
/// One input file of a batch run and what became of it: written locally, uploaded, submitted as a batch,
/// finished, collected. An entry of <c>RUN/batches.json</c>; it holds ids and statuses, never a key.
/// </summary>
public sealed record BatchJob
{
    /// <summary>The input file, relative to the run directory (<c>batches/input-00000.jsonl</c>).</summary>
    public required string InputPath { get; init; }

    /// <summary>Requests (lines) in the input file.</summary>
    public int Requests { get; init; }

    public long Bytes { get; init; }

    /// <summary>The uploaded input file's id, once uploaded.</summary>
    public string? InputFileId { get; init; }

    /// <summary>
    /// Set just before the batch is created: a run killed between creating it and recording its id finds it by
    /// its input file on the next run instead of creating a second one.
    /// </summary>
    public bool Creating { get; init; }

    public string? BatchId { get; init; }

    /// <summary>One of <see cref="BatchStatus"/>.</summary>
    public string Status { get; init; } = BatchStatus.Written;

    public string? OutputFileId { get; init; }

    public string? ErrorFileId { get; init; }

    /// <summary>What the API said about a failed batch (validation errors and the like).</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>Whether every request of the batch has its row stored.</summary>
    public bool Collected { get; init; }

    /// <summary>Rows this job stored, by status kind (<c>ok</c>, <c>failed</c>, …), once collected.</summary>
    public IReadOnlyDictionary<string, int> Stored { get; init; } = new Dictionary<string, int>();

    public DateTime? SubmittedAt { get; init; }

    public DateTime? FinishedAt { get; init; }
}
