using System.Globalization;
using LlmDistill.Core.Errors;
using LlmDistill.Core.Examples;
using LlmDistill.Storage.IO;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace LlmDistill.Storage.Examples;

/// <summary>
/// Reads and writes one part. Every failure to read a part becomes one <see cref="InvalidInputException"/>
/// line naming it; a part is never changed or deleted here, whatever state it is in.
/// </summary>
internal static class ExamplePartFile
{
    private static readonly Dictionary<string, string> Metadata = new()
    {
        [ExampleDatasetLayout.SchemaVersionKey] = RunManifest.CurrentSchemaVersion.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Writes <paramref name="rows"/> as a new part, atomically; an existing part is never replaced.</summary>
    public static Task WriteAsync(string path, IReadOnlyList<Example> rows, int rowGroupSize, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(path, (stream, ct) => ParquetSerializer.SerializeAsync(
                rows.Select(ExampleRow.From), stream, new ParquetOptions { RowGroupSize = rowGroupSize }, Metadata, ct),
            overwrite: false, cancellationToken);

    /// <summary>
    /// Reads only the narrow columns a resuming writer needs (id, status, token counts) and passes each row to
    /// <paramref name="onRow"/>; the text columns, which are most of a part, are not read.
    /// </summary>
    public static async Task ReadKeysAsync(string path, string hint, Action<string, string, int?, int?> onRow,
        CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = File.OpenRead(path);
            await using var reader = await OpenAsync(stream, path, cancellationToken);
            var id = Column(reader, ExampleColumns.Id);
            var status = Column(reader, ExampleColumns.Status);
            var prompt = Column(reader, ExampleColumns.PromptTokens);
            var completion = Column(reader, ExampleColumns.CompletionTokens);
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var n = checked((int)group.RowCount);
                var ids = new string?[n];
                var statuses = new string?[n];
                var prompts = new int?[n];
                var completions = new int?[n];
                await group.ReadAsync(id, ids.AsMemory(), null, cancellationToken);
                await group.ReadAsync(status, statuses.AsMemory(), null, cancellationToken);
                await group.ReadAsync<int>(prompt, prompts.AsMemory(), null, cancellationToken);
                await group.ReadAsync<int>(completion, completions.AsMemory(), null, cancellationToken);
                for (var i = 0; i < n; i++)
                    onRow(ids[i] ?? throw new InvalidDataException("null id"), statuses[i] ?? throw new InvalidDataException("null status"),
                        prompts[i], completions[i]);
            }
        }
        catch (Exception e) when (IsCorruption(e))
        {
            throw Corrupt(path, e, hint);
        }
    }

    /// <summary>Reads a part one row group at a time, so memory holds one group, not the dataset.</summary>
    public static async IAsyncEnumerable<IReadOnlyList<Example>> ReadAsync(string path, string hint,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Stream? stream = null;
        int groups;
        try
        {
            stream = File.OpenRead(path);
            await using var reader = await OpenAsync(stream, path, cancellationToken);
            groups = reader.RowGroupCount;
        }
        catch (Exception e) when (IsCorruption(e))
        {
            if (stream is not null)
                await stream.DisposeAsync();
            throw Corrupt(path, e, hint);
        }
        await using (stream)
        {
            for (var g = 0; g < groups; g++)
            {
                IReadOnlyList<Example> rows;
                try
                {
                    stream.Position = 0;
                    var result = await ParquetSerializer.DeserializeAsync<ExampleRow>(stream, null, g, cancellationToken);
                    rows = result.Data.Select(r => r.ToExample()).ToList();
                }
                catch (Exception e) when (IsCorruption(e))
                {
                    throw Corrupt(path, e, hint);
                }
                yield return rows;
            }
        }
    }

    private static async Task<ParquetReader> OpenAsync(Stream stream, string path, CancellationToken cancellationToken)
    {
        var reader = await ParquetReader.CreateAsync(stream, leaveStreamOpen: true, cancellationToken: cancellationToken);
        try
        {
            CheckVersion(reader.CustomMetadata, path);
            return reader;
        }
        catch
        {
            await reader.DisposeAsync();
            throw;
        }
    }

    private static void CheckVersion(Dictionary<string, string>? metadata, string path)
    {
        if (metadata is null || !metadata.TryGetValue(ExampleDatasetLayout.SchemaVersionKey, out var text)
            || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidInputException($"{path}: not an LlmDistill examples part "
                + $"(no {ExampleDatasetLayout.SchemaVersionKey} metadata); move it out of the examples folder");
        }
        if (version > RunManifest.CurrentSchemaVersion)
        {
            throw new InvalidInputException($"{path}: written by a newer llm-distill (examples schema version {version}, "
                + $"this one reads up to {RunManifest.CurrentSchemaVersion}); upgrade llm-distill");
        }
    }

    // Top-level columns only: top_logprobs' elements have an `id` field too.
    private static DataField Column(ParquetReader reader, string name) =>
        reader.Schema.Fields.OfType<DataField>().FirstOrDefault(f => f.Name == name)
        ?? throw new InvalidDataException($"column '{name}' is missing");

    // Whatever Parquet.Net throws on bad bytes (there is no single type for it), but not cancellation and not
    // our own messages, which already name the part.
    private static bool IsCorruption(Exception e) => e is not (OperationCanceledException or LlmDistillException
        or OutOfMemoryException);

    private static InvalidInputException Corrupt(string path, Exception e, string hint) => e switch
    {
        // The file system, not the bytes: say so, and do not suggest moving a good part away.
        FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException =>
            new($"{path}: cannot read the part ({FirstLine(e.Message)})", e),
        _ => new($"{path}: corrupt Parquet part ({FirstLine(e.Message)}); {hint}", e),
    };

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
