using System.Text.Json;
using LlmDistill.Core.Errors;
using LlmDistill.Evaluation.Metrics;
using LlmDistill.Storage.IO;

namespace LlmDistill.Evaluation.Output;

/// <summary><c>metrics.json</c> (<see cref="EvaluationMetrics"/>), written atomically and last: it marks an eval directory complete.</summary>
public static class MetricsFile
{
    public const string FileName = "metrics.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static string Serialize(EvaluationMetrics metrics) => JsonSerializer.Serialize(metrics, Options);

    /// <summary>Reads a metrics.json; a missing or malformed file is one <see cref="InvalidInputException"/>.</summary>
    public static async Task<EvaluationMetrics> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new InvalidInputException($"{path}: metrics file not found");
        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync<EvaluationMetrics>(stream, Options, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidInputException($"{path}: metrics file is empty (null)");
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}:{(e.LineNumber ?? 0) + 1}: malformed metrics ({e.Message.Split('\n', 2)[0]})", e);
        }
    }

    internal static Task WriteAsync(string path, EvaluationMetrics metrics, bool overwrite, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(path, (stream, ct) => JsonSerializer.SerializeAsync(stream, metrics, Options, ct), overwrite, cancellationToken);
}
