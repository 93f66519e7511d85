using System.Collections.Concurrent;
using LlmDistill.Core.Prompts;
using LlmDistill.Serving.Backend;

namespace LlmDistill.Serving.Tests.Support;

/// <summary>
/// <see cref="ScriptedCompletionBackend"/> always answering <see cref="Answer"/> (the tokens of
/// <see cref="Script"/>), recording every request it generates for, so that HTTP shapes are tested quickly and exactly.
/// </summary>
internal sealed class FakeBackend : ICompletionBackend
{
    public const string Answer = "Hello world! The answer is 42.";

    public static readonly string[] Script = ["Hello", " world", "!", " The", " answer", " is", " 42", "."];

    private readonly Lazy<ScriptedCompletionBackend> _inner;

    public FakeBackend() =>
        _inner = new(() => new ScriptedCompletionBackend(r => { Requests.Enqueue(r); return Answer; }, TokenDelay, ContextSize));

    /// <summary>Delay before each token (to hold requests open).</summary>
    public TimeSpan TokenDelay { get; init; }

    public int ContextSize { get; init; } = 64;

    public ConcurrentQueue<CompletionRequest> Requests { get; } = new();

    public string FormatChat(IReadOnlyList<ChatMessage> messages) => _inner.Value.FormatChat(messages);

    public CompletionJob Start(CompletionRequest request, CancellationToken cancellationToken) => _inner.Value.Start(request, cancellationToken);

    public BackendStatistics GetStatistics() => _inner.Value.GetStatistics();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
