namespace LlmDistill.Llama;

/// <summary>One message of a chat to format with <see cref="LlamaModel.ApplyChatTemplate"/>.</summary>
/// <param name="Role">"system", "user" or "assistant".</param>
/// <param name="Content">The message text.</param>
public sealed record LlamaChatMessage(string Role, string Content);
