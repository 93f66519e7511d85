using System.Text.Json;
using LlmDistill.Core.Errors;
using LlmDistill.Storage.IO;

namespace LlmDistill.Generation.Batch;

/// <summary>
/// Reads and writes <c>RUN/batches.json</c>: snake_case JSON, written atomically (hidden temporary file,
/// flushed, renamed), so a kill leaves the previous state or the new one, never half of either.
/// </summary>
public static class BatchStateFile
{
    public const string FileName = "batches.json";

    /// <summary>Folder of the run holding the input, output and error JSONL files.</summary>
    public const string FilesFolder = "batches";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        IndentSize = 2,
    };

    public static string PathIn(string runDirectory) => Path.Combine(runDirectory, FileName);

    /// <summary>The state of the run; null when it has none. A malformed or newer file is one clear error.</summary>
    public static async Task<BatchState?> ReadAsync(string runDirectory, CancellationToken cancellationToken = default)
    {
        var path = PathIn(runDirectory);
        if (!File.Exists(path))
            return null;
        BatchState? state;
        try
        {
            await using var stream = File.OpenRead(path);
            state = await JsonSerializer.DeserializeAsync<BatchState>(stream, Json, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}: malformed batch state ({e.Message.Split('\n', 2)[0].Trim()})", e);
        }
        if (state is null)
            throw new InvalidInputException($"{path}: malformed batch state (null)");
        if (state.SchemaVersion > BatchState.CurrentSchemaVersion)
            throw new InvalidInputException($"{path}: written by a newer llm-distill (schema version {state.SchemaVersion}); upgrade llm-distill");
        return state;
    }

    public static Task WriteAsync(string runDirectory, BatchState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        return WriteAtomicAsync(PathIn(runDirectory), stream => JsonSerializer.SerializeAsync(stream, state, Json, cancellationToken), cancellationToken);
    }

    /// <summary>Writes <paramref name="path"/> whole or not at all (temporary file, fsync, rename).</summary>
    internal static Task WriteAtomicAsync(string path, Func<Stream, Task> write, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(path, (stream, _) => write(stream), overwrite: true, cancellationToken);
}
