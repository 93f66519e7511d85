namespace LlmDistill.Evaluation.Output;

/// <summary>
/// Writes a file whole or not at all: into a hidden <c>.NAME.tmp</c> beside it, flushed to disk, then renamed
/// into place (the same scheme as Storage's examples parts, whose helper is internal to Storage).
/// </summary>
internal static class AtomicWrite
{
    public const string TemporarySuffix = ".tmp";

    public static string TemporaryPath(string path) =>
        Path.Combine(Path.GetDirectoryName(path) ?? ".", "." + Path.GetFileName(path) + TemporarySuffix);

    public static bool IsTemporary(string fileName) =>
        fileName.StartsWith('.') && fileName.EndsWith(TemporarySuffix, StringComparison.Ordinal);

    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, bool overwrite,
        CancellationToken cancellationToken)
    {
        var temporary = TemporaryPath(path);
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None,
                             bufferSize: 1 << 16, FileOptions.Asynchronous))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                // fsync: without it a power cut after the rename can leave a named, empty file.
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite);
        }
        catch
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The write's own error is the one to report; a leftover is removed by the next run.
            }
            throw;
        }
    }
}
