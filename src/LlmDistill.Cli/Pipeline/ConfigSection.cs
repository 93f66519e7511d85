namespace LlmDistill.Cli.Pipeline;

/// <summary>
/// A mapping of option names to values in a pipeline config (<c>students.answer-only</c>, <c>generate</c>, ...):
/// what one verb is given. An omitted section and an empty one differ: the first is null where it is held.
/// </summary>
/// <param name="Name">Its path in the config, as messages name it (<c>students.answer-only</c>).</param>
/// <param name="Line">The line of its key.</param>
internal sealed record ConfigSection(string Name, long Line, IReadOnlyList<ConfigEntry> Entries)
{
    public ConfigEntry? Find(string key) => Entries.FirstOrDefault(e => e.Key == key);

    /// <summary>The section without <paramref name="keys"/> (keys the pipeline reads itself, such as <c>tokenizer: teacher</c>).</summary>
    public ConfigSection Without(params string[] keys) => this with { Entries = [.. Entries.Where(e => !keys.Contains(e.Key))] };
}
