namespace LlmDistill.Serving.Backend;

/// <summary>One completion for a backend, already validated by the HTTP layer.</summary>
public sealed record CompletionRequest
{
    /// <summary>The full prompt text (a chat already formatted with <see cref="ICompletionBackend.FormatChat"/>).</summary>
    public required string Prompt { get; init; }

    /// <summary>Most tokens to generate; null = as many as the context holds.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>0 = greedy.</summary>
    public float Temperature { get; init; } = 1f;

    public float TopP { get; init; } = 1f;

    public uint? Seed { get; init; }

    /// <summary>Generation stops before the first of these; the stop text is not returned.</summary>
    public IReadOnlyList<string> Stop { get; init; } = [];

    /// <summary>Report each token's log-probability.</summary>
    public bool Logprobs { get; init; }

    /// <summary>Alternatives per token when <see cref="Logprobs"/> is set (0..20).</summary>
    public int TopLogprobs { get; init; }
}
