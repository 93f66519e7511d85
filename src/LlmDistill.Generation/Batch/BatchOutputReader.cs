namespace LlmDistill.Generation.Batch;

/// <summary>Reads a batch's output and error files into one result per <c>custom_id</c> (the first one wins).</summary>
internal sealed class BatchOutputReader(bool withLogprobs)
{
    private readonly Dictionary<string, BatchResultLine> _lines = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, BatchResultLine> Lines => _lines;

    /// <summary>Non-blank lines that were not result lines at all.</summary>
    public int Unreadable { get; private set; }

    public async Task ReadAsync(string path, CancellationToken cancellationToken)
    {
        await foreach (var text in File.ReadLinesAsync(path, cancellationToken))
        {
            if (string.IsNullOrWhiteSpace(text))
                continue;
            if (BatchResultLine.Parse(text, withLogprobs) is { } line)
                _lines.TryAdd(line.CustomId, line);
            else
                Unreadable++;
        }
    }

    /// <summary>The custom ids of an input file, in order.</summary>
    public static async Task<List<string>> ReadInputIdsAsync(string path, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await foreach (var text in File.ReadLinesAsync(path, cancellationToken))
        {
            if (!string.IsNullOrWhiteSpace(text))
                ids.Add(BatchRequestLine.CustomId(text));
        }
        return ids;
    }
}
