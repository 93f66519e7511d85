namespace LlmDistill.Core.Examples;

/// <summary>
/// <c>data/RUN/manifest.json</c>: what a run was asked to do and what it has produced so far. Written
/// next to the parts after each one, so a reader sees totals that match the parts on disk.
/// <see cref="Configuration"/> passes through <see cref="SecretRedactor"/> before it is written: it never
/// holds a key.
/// </summary>
public sealed record RunManifest
{
    /// <summary>Version of this manifest's and the parts' layout; bumped on any incompatible change.</summary>
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    public required string RunName { get; init; }

    public required DateTime CreatedAt { get; init; }

    public required DateTime UpdatedAt { get; init; }

    /// <summary>The run's settings as flat <c>section.key</c> → value pairs, secrets redacted.</summary>
    public IReadOnlyDictionary<string, string> Configuration { get; init; } = new Dictionary<string, string>();

    /// <summary>Rows stored, by full status (<c>ok</c>, <c>failed:timeout</c>, ...).</summary>
    public IReadOnlyDictionary<string, long> Counts { get; init; } = new Dictionary<string, long>();

    public long PromptTokens { get; init; }

    public long CompletionTokens { get; init; }

    /// <summary>Teacher cost in US dollars from the configured prices; null when no price was given.</summary>
    public decimal? EstimatedCostUsd { get; init; }
}
