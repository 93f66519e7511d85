using System.Text;
using LlmDistill.Core.Errors;
using LlmDistill.Core.Prompts;
using LlmDistill.Llama;

namespace LlmDistill.Serving.Backend;

/// <summary>
/// Builds a chat prompt: with the chosen template (a llama.cpp built-in name such as "chatml", or a
/// template text llama.cpp recognises), else the GGUF's own tokenizer.chat_template, else — when the
/// model has none or llama.cpp does not support it — the plain fallback of <see cref="FormatPlain"/>.
/// </summary>
public static class ChatPromptFormatter
{
    /// <summary>
    /// The fallback for models without a usable chat template (a freshly distilled student, usually):
    /// each message as "role: content" on its own line, then "assistant:" for the reply to continue.
    /// A chat of one user message is sent as its content alone, so that a student trained on bare
    /// prompts sees exactly what it was trained on.
    /// </summary>
    public static string FormatPlain(IReadOnlyList<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 1 && messages[0].Role == ChatMessage.UserRole)
            return messages[0].Content;
        var text = new StringBuilder();
        foreach (var m in messages)
            text.Append(m.Role).Append(": ").Append(m.Content).Append('\n');
        return text.Append(ChatMessage.AssistantRole).Append(':').ToString();
    }

    /// <summary>Formats with <paramref name="template"/> or the model's template, falling back to <see cref="FormatPlain"/>.</summary>
    /// <exception cref="InvalidInputException"><paramref name="template"/> was given and llama.cpp does not support it.</exception>
    public static string Format(LlamaModel model, IReadOnlyList<ChatMessage> messages, string? template)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(messages);
        var chat = messages.Select(m => new LlamaChatMessage(m.Role, m.Content)).ToArray();
        if (template is not null)
            return model.ApplyChatTemplate(chat, addAssistantPrompt: true, template);
        if (model.ChatTemplate is null)
            return FormatPlain(messages);
        try
        {
            return model.ApplyChatTemplate(chat, addAssistantPrompt: true);
        }
        catch (InvalidInputException)
        {
            // A Jinja template outside llama.cpp's built-in families: serve rather than refuse.
            return FormatPlain(messages);
        }
    }
}
