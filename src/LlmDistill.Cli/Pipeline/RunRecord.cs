using System.Text.Json.Serialization;

namespace LlmDistill.Cli.Pipeline;

/// <summary>
/// <c>OUT/run.json</c>: the settings each unit's outputs were made with, so that a later run can tell whether the
/// config still describes them. Paths inside the run folder are written as <c>$OUT/...</c> (the folder may move);
/// values that look like credentials are redacted, and keys never appear: only the names of their variables.
/// </summary>
internal sealed record RunRecord
{
    [JsonPropertyName("config")] public string Config { get; init; } = "";

    [JsonPropertyName("units")] public Dictionary<string, UnitRecord> Units { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>One unit's entry in run.json.</summary>
/// <param name="Commands">The argument list of each of its steps (without --threads, --resume and --overwrite).</param>
/// <param name="Inputs">The fingerprint of each unit it was made from, when it was made.</param>
internal sealed record UnitRecord(
    [property: JsonPropertyName("stage")] string Stage,
    [property: JsonPropertyName("commands")] IReadOnlyList<IReadOnlyList<string>> Commands,
    [property: JsonPropertyName("inputs")] IReadOnlyDictionary<string, string> Inputs,
    [property: JsonPropertyName("recorded_at")] DateTimeOffset RecordedAt);
