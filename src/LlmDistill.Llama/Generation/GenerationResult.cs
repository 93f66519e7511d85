namespace LlmDistill.Llama.Generation;

/// <summary>A finished completion.</summary>
/// <param name="Text">The completion (without a stop string).</param>
/// <param name="Tokens">Every generated token, in order.</param>
/// <param name="FinishReason">Why it stopped.</param>
/// <param name="PromptTokenCount">Tokens in the prompt as decoded.</param>
public sealed record GenerationResult(
    string Text,
    IReadOnlyList<GeneratedToken> Tokens,
    FinishReason FinishReason,
    int PromptTokenCount)
{
    public IEnumerable<int> TokenIds => Tokens.Select(t => t.TokenId);
}
