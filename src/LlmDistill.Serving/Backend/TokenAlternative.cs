namespace LlmDistill.Serving.Backend;

/// <summary>A token as OpenAI reports it in logprobs.</summary>
/// <param name="Token">
/// The token's text: its bytes decoded as UTF-8 (an incomplete character shows as U+FFFD). A control
/// token shows as its own text (e.g. "&lt;|bos|&gt;") although completions leave such tokens out.
/// </param>
/// <param name="Bytes">The token's raw bytes.</param>
/// <param name="Logprob">Natural log of its probability (≤ 0).</param>
public sealed record TokenAlternative(string Token, byte[] Bytes, float Logprob);
