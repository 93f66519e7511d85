namespace LlmDistill.Generation.Batch;

/// <summary>
/// A batch input file being written: lines go to a hidden temporary file that is renamed into place, whole,
/// by <see cref="CompleteAsync"/>, so that a run killed while writing leaves no half file a later run could submit.
/// </summary>
internal sealed class BatchInputFile : IAsyncDisposable
{
    private readonly string _path;
    private readonly string _temporary;
    private readonly FileStream _stream;

    public BatchInputFile(string runDirectory, int index)
    {
        RelativePath = Path.Combine(BatchStateFile.FilesFolder, $"input-{index:D5}.jsonl");
        _path = Path.Combine(runDirectory, RelativePath);
        _temporary = Path.Combine(Path.GetDirectoryName(_path)!, "." + Path.GetFileName(_path) + ".tmp");
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        _stream = new FileStream(_temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
    }

    public string RelativePath { get; }

    public int Requests { get; private set; }

    public long Bytes { get; private set; }

    public async Task WriteAsync(byte[] line, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(line, cancellationToken);
        Requests++;
        Bytes += line.Length;
    }

    public async Task<BatchJob> CompleteAsync(CancellationToken cancellationToken)
    {
        await _stream.FlushAsync(cancellationToken);
        _stream.Flush(flushToDisk: true);
        await _stream.DisposeAsync();
        File.Move(_temporary, _path, overwrite: true);
        return new BatchJob { InputPath = RelativePath, Requests = Requests, Bytes = Bytes };
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        File.Delete(_temporary);
    }
}
