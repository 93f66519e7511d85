using System.Collections.Concurrent;
using LlmDistill.Core.Errors;
using LlmDistill.Core.Examples;

namespace LlmDistill.Storage.Examples;

/// <summary>
/// Appends examples to a run's dataset, resumably. Rows are buffered and written as a new part every
/// <see cref="ExampleDatasetOptions.RowsPerPart"/> rows and on <see cref="FlushAsync"/> and dispose; each part
/// appears whole or not at all, so a kill loses at most the buffer, never half a part. Opening an existing
/// run reads the ids already stored (<see cref="Contains"/>), so a generator skips them and a resumed run
/// ends with every example exactly once.
/// </summary>
/// <remarks>
/// <see cref="AppendAsync"/> is safe to call from many producers at once: calls are serialised by one
/// asynchronous lock, and the call that fills the buffer writes the part while the others wait, which is the
/// back-pressure a generator wants. One writer per run: a lock file makes a second process fail at open
/// instead of interleaving parts with this one.
/// </remarks>
public sealed class ExampleDatasetWriter : IAsyncDisposable
{
    private const string ResumeHint = "move it away to resume";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, byte> _ids;
    private readonly List<Example> _buffer = [];
    private readonly RunTotals _totals;
    private readonly FileStream _lock;
    private RunManifest _manifest;
    private int _nextPart;
    private bool _disposed;
    private int _disposeStarted;

    private ExampleDatasetWriter(string runDirectory, ExampleDatasetOptions options, FileStream lockFile,
        ConcurrentDictionary<string, byte> ids, RunTotals totals, RunManifest manifest, int nextPart,
        IReadOnlyList<string> removedTemporaryFiles)
    {
        RunDirectory = runDirectory;
        Options = options;
        _lock = lockFile;
        _ids = ids;
        _totals = totals;
        _manifest = manifest;
        _nextPart = nextPart;
        StoredAtOpen = ids.Count;
        RemovedTemporaryFiles = removedTemporaryFiles;
    }

    public string RunDirectory { get; }

    public ExampleDatasetOptions Options { get; }

    /// <summary>Rows that were already in the dataset when it was opened.</summary>
    public int StoredAtOpen { get; }

    /// <summary>Leftovers of a killed writer that opening removed (a run can say so).</summary>
    public IReadOnlyList<string> RemovedTemporaryFiles { get; }

    /// <summary>The manifest as last written.</summary>
    public RunManifest Manifest => Volatile.Read(ref _manifest);

    /// <summary>Whether an example with this id is stored or buffered. Safe to call from any thread.</summary>
    public bool Contains(string id) => _ids.ContainsKey(id);

    /// <summary>
    /// Opens the run at <paramref name="runDirectory"/>, creating it when it does not exist. Removes temporary
    /// files a killed writer left; refuses, with one line naming it, a part it cannot read, and never
    /// touches that part.
    /// </summary>
    public static async Task<ExampleDatasetWriter> OpenAsync(string runDirectory, ExampleDatasetOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runDirectory);
        options ??= new ExampleDatasetOptions();
        Directory.CreateDirectory(ExampleDatasetLayout.ExamplesDirectory(runDirectory));
        var lockFile = AcquireLock(runDirectory);
        try
        {
            var removed = ExampleDatasetLayout.RemoveTemporaryFiles(runDirectory);
            var ids = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
            var totals = new RunTotals();
            var parts = ExampleDatasetLayout.ListParts(runDirectory);
            foreach (var (_, path) in parts)
            {
                await ExamplePartFile.ReadKeysAsync(path, ResumeHint, (id, status, prompt, completion) =>
                {
                    // A row stored twice (a part copied in by hand) is counted once.
                    if (ids.TryAdd(id, 0))
                        totals.Add(status, prompt, completion);
                }, cancellationToken);
            }

            var manifestPath = ExampleDatasetLayout.ManifestPath(runDirectory);
            var existing = await RunManifestFile.ReadAsync(manifestPath, cancellationToken);
            var now = options.TimeProvider.GetUtcNow().UtcDateTime;
            var manifest = totals.ApplyTo(new RunManifest
            {
                RunName = options.RunName ?? existing?.RunName
                    ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(runDirectory))),
                CreatedAt = existing?.CreatedAt ?? now,
                UpdatedAt = now,
                // Redacted here as well as on writing, so that Manifest never hands a key to a caller either.
                Configuration = SecretRedactor.Redact(
                    options.Configuration ?? existing?.Configuration ?? new Dictionary<string, string>()),
            }, options);
            await RunManifestFile.WriteAsync(manifestPath, manifest, cancellationToken);
            var nextPart = parts.Count == 0 ? 0 : parts[^1].Number + 1;
            return new ExampleDatasetWriter(runDirectory, options, lockFile, ids, totals, manifest, nextPart, removed);
        }
        catch
        {
            await lockFile.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Adds an example; returns false, and stores nothing, when one with the same id is already stored or
    /// buffered. Writes a part when the buffer is full.
    /// </summary>
    public async Task<bool> AppendAsync(Example example, CancellationToken cancellationToken = default)
    {
        Validate(example);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_ids.TryAdd(example.Id, 0))
                return false;
            _buffer.Add(example);
            if (_buffer.Count >= Options.RowsPerPart)
                await WritePartAsync(cancellationToken);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes the buffered rows as a part now (nothing when the buffer is empty).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            await WritePartAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes what is buffered, updates the manifest and releases the run.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposeStarted, 1) == 1)
            return;
        await _gate.WaitAsync();
        try
        {
            if (_disposed)
                return;
            _disposed = true;
            await WritePartAsync(CancellationToken.None);
        }
        finally
        {
            await _lock.DisposeAsync();
            _gate.Release();
            _gate.Dispose();
        }
    }

    /// <summary>What a kill does: the buffer is lost, the lock released, nothing more is written.</summary>
    internal void Abandon()
    {
        _disposeStarted = 1;
        _disposed = true;
        _buffer.Clear();
        _lock.Dispose();
    }

    // Called under the gate. The rows leave the buffer only once their part is on disk, so a failed write
    // (disk full, cancellation) loses nothing and is retried by the next flush.
    private async Task WritePartAsync(CancellationToken cancellationToken)
    {
        if (_buffer.Count == 0)
            return;
        await ExamplePartFile.WriteAsync(ExampleDatasetLayout.PartPath(RunDirectory, _nextPart), _buffer,
            Options.RowGroupSize, cancellationToken);
        _nextPart++;
        foreach (var e in _buffer)
            _totals.Add(e.Status, e.PromptTokens, e.CompletionTokens);
        _buffer.Clear();
        var manifest = _totals.ApplyTo(_manifest, Options) with
        {
            UpdatedAt = Options.TimeProvider.GetUtcNow().UtcDateTime,
        };
        await RunManifestFile.WriteAsync(ExampleDatasetLayout.ManifestPath(RunDirectory), manifest, cancellationToken);
        Volatile.Write(ref _manifest, manifest);
    }

    private static FileStream AcquireLock(string runDirectory)
    {
        var path = Path.Combine(runDirectory, ExampleDatasetLayout.LockFileName);
        try
        {
            // FileShare.None is an exclusive flock on Unix: a second writer fails here, and the lock goes
            // away with the process however it ends.
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new InvalidInputException($"{runDirectory}: another llm-distill process is writing this run ({e.Message})", e);
        }
    }

    private static void Validate(Example example)
    {
        ArgumentNullException.ThrowIfNull(example);
        ArgumentException.ThrowIfNullOrEmpty(example.Id, "example.Id");
        if (!ExampleStatus.IsValid(example.Status))
            throw new ArgumentException($"example {example.Id}: invalid status '{example.Status}'", nameof(example));
        // Required (non-null) columns; the record's non-nullable annotations are not enforced at run time.
        if (example.Task is null || example.Instruction is null || example.Input is null || example.Teacher is null
            || example.Template is null)
        {
            throw new ArgumentException(
                $"example {example.Id}: task, instruction, input, teacher and template must not be null", nameof(example));
        }
    }
}
