using System.Runtime.CompilerServices;
using LlmDistill.Core.Errors;
using LlmDistill.Core.Examples;

namespace LlmDistill.Storage.Examples;

/// <summary>
/// Reads a run's examples, part by part and row group by row group, so memory holds one row group at a time.
/// Parts are immutable once written, so reading while a writer appends is safe: it sees the parts that
/// existed when the reader was opened.
/// </summary>
public sealed class ExampleDatasetReader
{
    private const string ReadHint = "move it away to read the rest";

    private ExampleDatasetReader(string runDirectory, IReadOnlyList<string> parts)
    {
        RunDirectory = runDirectory;
        Parts = parts;
    }

    public string RunDirectory { get; }

    /// <summary>The part files, in part order.</summary>
    public IReadOnlyList<string> Parts { get; }

    /// <summary>Opens the dataset of a run; a run with no parts is one clear error.</summary>
    public static ExampleDatasetReader Open(string runDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(runDirectory);
        var parts = ExampleDatasetLayout.ListParts(runDirectory);
        if (parts.Count == 0)
        {
            throw new InvalidInputException(
                $"{runDirectory}: no examples found (expected {ExampleDatasetLayout.ExamplesDirectory(runDirectory)}/part-NNNNN.parquet)");
        }
        return new ExampleDatasetReader(runDirectory, parts.Select(p => p.Path).ToList());
    }

    /// <summary>Streams the stored examples in part order.</summary>
    public async IAsyncEnumerable<Example> ReadAsync(ExampleFilter filter = ExampleFilter.All,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var part in Parts)
        {
            await foreach (var rows in ExamplePartFile.ReadAsync(part, ReadHint, cancellationToken))
            {
                foreach (var row in rows)
                {
                    if (filter == ExampleFilter.All || row.Status == ExampleStatus.Ok)
                        yield return row;
                }
            }
        }
    }

    /// <summary>Rows by full status (<c>ok</c>, <c>failed:timeout</c>, ...), reading only the narrow columns.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken = default)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var part in Parts)
        {
            await ExamplePartFile.ReadKeysAsync(part, ReadHint,
                (_, status, _, _) => counts[status] = counts.GetValueOrDefault(status) + 1, cancellationToken);
        }
        return counts;
    }
}
