namespace LlmDistill.Serving.Backend;

/// <summary>A started completion: its prompt size and its tokens, generated as they are enumerated.</summary>
/// <param name="PromptTokens">Tokens in the prompt as the model sees it.</param>
/// <param name="Tokens">The generated tokens; the last one carries the finish reason.</param>
public sealed record CompletionJob(int PromptTokens, IAsyncEnumerable<CompletionToken> Tokens);
