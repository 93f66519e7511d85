using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LlmDistill.Serving.Tests.Support;

/// <summary>Keeps every log line the server writes.</summary>
internal sealed class CapturingLogger : ILoggerProvider, ILogger
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue(formatter(state, exception) + (exception is null ? "" : " " + exception));

    public void Dispose()
    {
    }
}
