namespace LlmDistill.Cli.Pipeline;

/// <summary>One <c>key: value</c> (or <c>key: [a, b]</c>) of a config section: an option of a verb, without the dashes.</summary>
/// <param name="Line">Where the key is in the config file (1-based), for error messages.</param>
internal sealed record ConfigEntry(string Key, IReadOnlyList<string> Values, long Line);
