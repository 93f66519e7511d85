using LlmDistill.Generation.Runs;

namespace LlmDistill.Generation.Batch;

/// <summary>What a batch run did.</summary>
/// <param name="Progress">Rows stored, as the online runner counts them.</param>
/// <param name="Jobs">Every batch of the run, this one's and earlier ones', as in <c>batches.json</c>.</param>
/// <param name="Problems">One line per thing a user should know: a batch that expired, failed or was cancelled
/// (its completed requests are stored all the same), lines the API answered with an error, unreadable lines.</param>
public sealed record BatchRunResult(GenerationProgress Progress, IReadOnlyList<BatchJob> Jobs, IReadOnlyList<string> Problems);
