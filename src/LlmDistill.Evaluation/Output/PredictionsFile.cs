using System.Globalization;
using LlmDistill.Core.Errors;
using LlmDistill.Storage.IO;
using Parquet;
using Parquet.Serialization;

namespace LlmDistill.Evaluation.Output;

/// <summary><c>predictions.parquet</c>: one row per question (<see cref="Prediction"/>), written atomically.</summary>
public static class PredictionsFile
{
    public const string FileName = "predictions.parquet";

    /// <summary>Key of the Parquet key-value metadata entry holding the predictions schema version.</summary>
    public const string SchemaVersionKey = "llm_distill.predictions_schema_version";

    public const int CurrentSchemaVersion = 1;

    private static readonly Dictionary<string, string> Metadata = new()
    {
        [SchemaVersionKey] = CurrentSchemaVersion.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Reads every prediction of a file; a missing or corrupt file is one <see cref="InvalidInputException"/>.</summary>
    public static async Task<IReadOnlyList<Prediction>> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new InvalidInputException($"{path}: predictions file not found");
        try
        {
            await using var stream = File.OpenRead(path);
            await using (var reader = await ParquetReader.CreateAsync(stream, leaveStreamOpen: true, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (reader.CustomMetadata is null || !reader.CustomMetadata.ContainsKey(SchemaVersionKey))
                    throw new InvalidInputException($"{path}: not an llm-distill predictions file (no {SchemaVersionKey} metadata)");
            }
            stream.Position = 0;
            var result = await ParquetSerializer.DeserializeAsync<PredictionRow>(stream, null, null, cancellationToken).ConfigureAwait(false);
            return [.. result.Data.Select(r => r.ToPrediction())];
        }
        catch (Exception e) when (e is not (OperationCanceledException or LlmDistillException or OutOfMemoryException))
        {
            throw new InvalidInputException($"{path}: cannot read predictions ({e.Message.Split('\n', 2)[0].Trim()})", e);
        }
    }

    internal static Task WriteAsync(string path, IReadOnlyList<Prediction> predictions, bool overwrite, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(path, (stream, ct) => ParquetSerializer.SerializeAsync(
            predictions.Select(PredictionRow.From), stream, new ParquetOptions(), Metadata, ct), overwrite, cancellationToken);
}
