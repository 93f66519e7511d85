namespace LlmDistill.Storage.IO;

/// <summary>
/// Writes a file so that readers and a later run see either nothing or the whole file: the content goes
/// to a hidden temporary file in the same folder (a rename is atomic only within one file system), is
/// flushed to disk, and is then renamed into place. A kill leaves at most the temporary file, which
/// <see cref="IsTemporary"/> recognises so that the next run can remove it.
/// </summary>
public static class AtomicFile
{
    /// <summary>Suffix of temporary files. With the leading dot, pyarrow and DuckDB globs skip them too.</summary>
    public const string TemporarySuffix = ".tmp";

    public static string TemporaryPath(string path) =>
        Path.Combine(Path.GetDirectoryName(path) ?? ".", "." + Path.GetFileName(path) + TemporarySuffix);

    public static bool IsTemporary(string fileName) =>
        fileName.StartsWith('.') && fileName.EndsWith(TemporarySuffix, StringComparison.Ordinal);

    /// <summary>
    /// Writes <paramref name="path"/> through <paramref name="write"/>. With <paramref name="overwrite"/> false an
    /// existing file is an error, never replaced: parts are immutable once written.
    /// </summary>
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, bool overwrite,
        CancellationToken cancellationToken)
    {
        var temporary = TemporaryPath(path);
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None,
                             bufferSize: 1 << 16, FileOptions.Asynchronous))
            {
                await write(stream, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                // fsync: without it a power cut after the rename can leave a named, empty file.
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite);
        }
        catch
        {
            DeleteQuietly(temporary);
            throw;
        }
    }

    /// <summary>Replaces <paramref name="path"/> with <paramref name="text"/> (UTF-8) whole or not at all.</summary>
    public static void WriteAllText(string path, string text)
    {
        var temporary = TemporaryPath(path);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(new System.Text.UTF8Encoding(false).GetBytes(text));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            DeleteQuietly(temporary);
            throw;
        }
    }

    // Best effort: the write's own error is the one to report, and a leftover is removed on the next open.
    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
