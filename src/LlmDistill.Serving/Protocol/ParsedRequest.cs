using LlmDistill.Core.Prompts;

namespace LlmDistill.Serving.Protocol;

/// <summary>A chat or text completion request as read from its JSON body.</summary>
internal sealed record ParsedRequest
{
    /// <summary>The body's <c>model</c>, if given.</summary>
    public string? Model { get; init; }

    /// <summary>Chat requests: the messages; null for text completions.</summary>
    public IReadOnlyList<ChatMessage>? Messages { get; init; }

    /// <summary>Text completions: the prompt; null for chats.</summary>
    public string? Prompt { get; init; }

    public int? MaxTokens { get; init; }

    public float Temperature { get; init; } = 1f;

    public float TopP { get; init; } = 1f;

    public uint? Seed { get; init; }

    public IReadOnlyList<string> Stop { get; init; } = [];

    public bool Logprobs { get; init; }

    public int TopLogprobs { get; init; }

    public bool Stream { get; init; }

    public bool IncludeUsage { get; init; }
}
