using LlmDistill.Core.Prompts;

namespace LlmDistill.Serving.Backend;

/// <summary>
/// What the HTTP layer needs from a model: a chat formatter and a token stream per request. The llama.cpp
/// implementation is <see cref="LlamaCompletionBackend"/>; tests plug in fakes. Implementations are
/// called concurrently from many requests.
/// </summary>
public interface ICompletionBackend : IAsyncDisposable
{
    /// <summary>Most tokens one request may hold (prompt + completion).</summary>
    int ContextSize { get; }

    /// <summary>Turns a chat into the prompt text the model continues.</summary>
    /// <exception cref="Core.Errors.InvalidInputException">The chat cannot be formatted.</exception>
    string FormatChat(IReadOnlyList<ChatMessage> messages);

    /// <summary>
    /// Validates and tokenizes the request at once, then returns its token stream, which generates as
    /// it is enumerated. Cancelling the token (or stopping the enumeration) ends the sequence.
    /// </summary>
    /// <exception cref="Core.Errors.InvalidInputException">The prompt is empty or does not fit the context.</exception>
    CompletionJob Start(CompletionRequest request, CancellationToken cancellationToken);

    /// <summary>Counters since start.</summary>
    BackendStatistics GetStatistics();
}
