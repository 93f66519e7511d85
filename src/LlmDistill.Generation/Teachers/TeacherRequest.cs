using LlmDistill.Core.Prompts;

namespace LlmDistill.Generation.Teachers;

/// <summary>One prompt for a teacher.</summary>
public sealed record TeacherRequest(IReadOnlyList<ChatMessage> Messages)
{
    public double Temperature { get; init; }

    public int MaxTokens { get; init; } = 512;

    /// <summary>Alternatives per generated token to return with their log-probabilities; 0 for none.</summary>
    public int TopLogprobs { get; init; }

    public int? Seed { get; init; }

    public IReadOnlyList<string> Stop { get; init; } = [];

    /// <summary>A rough size of the request in tokens, for tokens-per-minute rate limits.</summary>
    public int EstimatedTokens => Messages.Sum(m => m.Content.Length) / 4 + MaxTokens;
}
