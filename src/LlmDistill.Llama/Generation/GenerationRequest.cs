namespace LlmDistill.Llama.Generation;

/// <summary>One completion to generate. Give <see cref="Prompt"/> (tokenized with the model) or <see cref="PromptTokens"/>.</summary>
public sealed record GenerationRequest
{
    private readonly int _maxTokens = 256;
    private readonly int _topLogprobs;

    /// <summary>Prompt text, tokenized with special tokens parsed and BOS added if the model adds it.</summary>
    public string? Prompt { get; init; }

    /// <summary>Prompt tokens, used as they are (takes precedence over <see cref="Prompt"/>).</summary>
    public IReadOnlyList<int>? PromptTokens { get; init; }

    public SamplingOptions Sampling { get; init; } = SamplingOptions.Greedy;

    /// <summary>Most tokens to generate (the end-of-generation token counts).</summary>
    public int MaxTokens
    {
        get => _maxTokens;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxTokens = value;
        }
    }

    /// <summary>Generation stops before the first of these strings; the stop text is not returned.</summary>
    public IReadOnlyList<string> StopStrings { get; init; } = [];

    /// <summary>How many most likely alternatives to report per generated token (0 = none; at most the vocabulary; the chosen token's logprob is always given).</summary>
    public int TopLogprobs
    {
        get => _topLogprobs;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _topLogprobs = value;
        }
    }
}
