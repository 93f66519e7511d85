namespace LlmDistill.Cli.Output;

/// <summary>
/// Reports on the caller's thread, at once. <see cref="Progress{T}"/> posts to the thread pool, so its
/// last reports can arrive after the command has finished and its output is closed.
/// </summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
