using LlmDistill.Core.Prompts;

namespace LlmDistill.Evaluation.Sources;

/// <summary>
/// One evaluation prompt: exactly one of <see cref="Text"/> and <see cref="Messages"/> is set
/// (see <see cref="Prompts.QuestionFormat"/>). A source that needs the other form converts it.
/// </summary>
public sealed record AnswerRequest
{
    public string? Text { get; init; }

    public IReadOnlyList<ChatMessage>? Messages { get; init; }

    /// <summary>Most tokens to generate.</summary>
    public int MaxTokens { get; init; } = 256;

    /// <summary>0 = greedy.</summary>
    public float Temperature { get; init; }

    /// <summary>Seed for sampled decoding; null = random.</summary>
    public uint? Seed { get; init; }

    /// <summary>Generation stops before the first of these; the stop text is not returned.</summary>
    public IReadOnlyList<string> StopStrings { get; init; } = [];

    /// <summary>The prompt as chat messages: <see cref="Messages"/>, or <see cref="Text"/> as one user message.</summary>
    public IReadOnlyList<ChatMessage> AsMessages() =>
        Messages ?? [new ChatMessage(ChatMessage.UserRole, Text ?? "")];
}
