namespace LlmDistill.Storage.Examples;

/// <summary>How an <see cref="ExampleDatasetWriter"/> writes a run; every value is checked when it is set.</summary>
public sealed record ExampleDatasetOptions
{
    /// <summary>
    /// Rows buffered before a part is written. It bounds what a kill can lose (the unwritten buffer), so it
    /// trades resume granularity against part count: 500 rows is seconds to minutes of teacher time.
    /// </summary>
    public int RowsPerPart
    {
        get;
        init => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(RowsPerPart), value, "must be positive");
    } = 500;

    /// <summary>
    /// Rows per Parquet row group. Larger than a part by default, so a part is one group: readers fetch
    /// whole groups, and groups of a few hundred rows of text are already hundreds of kilobytes.
    /// </summary>
    public int RowGroupSize
    {
        get;
        init => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(RowGroupSize), value, "must be positive");
    } = 10_000;

    /// <summary>The run's name in the manifest; null for the run folder's name.</summary>
    public string? RunName { get; init; }

    /// <summary>
    /// The run's settings for the manifest, secrets are redacted before writing (<c>SecretRedactor</c>).
    /// Null keeps what a resumed run's manifest already holds.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Configuration { get; init; }

    /// <summary>Teacher price per million prompt tokens, in US dollars, for the manifest's cost estimate.</summary>
    public decimal? PromptUsdPerMillionTokens
    {
        get;
        init => field = value is null or >= 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(PromptUsdPerMillionTokens), value, "must not be negative");
    }

    /// <summary>Teacher price per million completion tokens, in US dollars.</summary>
    public decimal? CompletionUsdPerMillionTokens
    {
        get;
        init => field = value is null or >= 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(CompletionUsdPerMillionTokens), value, "must not be negative");
    }

    /// <summary>Clock for the manifest's times; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
