namespace LlmDistill.Generation.Batch;

/// <summary>The batches of a run, as kept in <c>RUN/batches.json</c> (<see cref="BatchStateFile"/>).</summary>
public sealed record BatchState
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>The teacher's name (<c>openai:MODEL</c>, <c>azure:DEPLOYMENT</c>): never a URL or a key.</summary>
    public required string Teacher { get; init; }

    public IReadOnlyList<BatchJob> Jobs { get; init; } = [];
}
