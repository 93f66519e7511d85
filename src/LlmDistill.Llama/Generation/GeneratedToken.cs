namespace LlmDistill.Llama.Generation;

/// <summary>
/// One generated token. <see cref="Text"/> is the text released at this step: it can lag behind the
/// token (an incomplete UTF-8 character, or the possible start of a stop string, is held back) and is
/// cut before a stop string; the concatenated texts are exactly the completion.
/// </summary>
/// <param name="TokenId">The sampled token.</param>
/// <param name="Text">Text released at this step (possibly empty).</param>
/// <param name="Logprob">The token's log-probability (raw distribution).</param>
/// <param name="TopLogprobs">The most likely tokens at this position, most likely first (empty unless requested).</param>
/// <param name="FinishReason">Set on the last token of the sequence.</param>
public sealed record GeneratedToken(
    int TokenId,
    string Text,
    float Logprob,
    IReadOnlyList<TokenLogprob> TopLogprobs,
    FinishReason? FinishReason);
