using LlmDistill.Core.Errors;
using LlmDistill.Storage.IO;

namespace LlmDistill.Evaluation.Output;

/// <summary>
/// An eval output directory: <c>predictions.parquet</c>, then <c>metrics.json</c>, each written atomically and
/// metrics last, so the directory is complete exactly when metrics.json exists. Evaluation does not resume (a
/// rerun is cheap next to training), so an existing result, complete or not, is only replaced when asked.
/// </summary>
public static class EvaluationDirectory
{
    public static string PredictionsPath(string directory) => Path.Combine(directory, PredictionsFile.FileName);

    public static string MetricsPath(string directory) => Path.Combine(directory, MetricsFile.FileName);

    /// <summary>Whether <paramref name="directory"/> holds a finished evaluation.</summary>
    public static bool IsComplete(string directory) => File.Exists(MetricsPath(directory));

    /// <summary>Checks, before any work is done and without changing anything, that results may be written to <paramref name="directory"/>.</summary>
    /// <exception cref="InvalidInputException">The directory holds an evaluation and <paramref name="overwrite"/> is false.</exception>
    public static void EnsureWritable(string directory, bool overwrite)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (File.Exists(directory))
            throw new InvalidInputException($"{directory}: is a file; the eval output must be a directory");
        if (Directory.Exists(directory))
        {
            if (!overwrite && IsComplete(directory))
            {
                throw new InvalidInputException(
                    $"{directory}: already holds a complete evaluation ({MetricsFile.FileName}); choose another output directory or pass overwrite to replace it");
            }
            if (!overwrite && File.Exists(PredictionsPath(directory)))
            {
                throw new InvalidInputException(
                    $"{directory}: holds an incomplete evaluation ({PredictionsFile.FileName} without {MetricsFile.FileName}, an interrupted run); "
                    + "evaluation does not resume: pass overwrite to run it again");
            }
        }
    }

    /// <summary>
    /// Creates the directory, removes temporary files a killed eval left, then writes predictions and metrics.
    /// With overwrite the old metrics.json goes first, so an interrupted replacement leaves an incomplete
    /// directory rather than new predictions under old metrics.
    /// </summary>
    internal static async Task CommitAsync(string directory, IReadOnlyList<Prediction> predictions, Metrics.EvaluationMetrics metrics,
        bool overwrite, CancellationToken cancellationToken)
    {
        EnsureWritable(directory, overwrite);
        Directory.CreateDirectory(directory);
        foreach (var leftover in Directory.EnumerateFiles(directory).Where(p => AtomicFile.IsTemporary(Path.GetFileName(p))))
            File.Delete(leftover);
        try
        {
            if (overwrite)
                File.Delete(MetricsPath(directory));
            await PredictionsFile.WriteAsync(PredictionsPath(directory), predictions, overwrite, cancellationToken).ConfigureAwait(false);
            await MetricsFile.WriteAsync(MetricsPath(directory), metrics, overwrite, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (!overwrite && File.Exists(MetricsPath(directory)))
        {
            throw new InvalidInputException($"{directory}: another evaluation finished there while this one ran; nothing was replaced", e);
        }
    }
}
