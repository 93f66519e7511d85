using LlmDistill.Core.Tasks;

namespace LlmDistill.Generation.Tasks;

/// <summary>The questions read from a task file.</summary>
/// <param name="Items">Unique items, in file order.</param>
/// <param name="Format">The format the file was read as.</param>
/// <param name="DuplicatesDropped">Items whose id was already seen (the first one is kept).</param>
public sealed record TaskFile(IReadOnlyList<TaskItem> Items, TaskFileFormat Format, int DuplicatesDropped);
