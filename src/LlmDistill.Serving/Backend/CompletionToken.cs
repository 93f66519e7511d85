namespace LlmDistill.Serving.Backend;

/// <summary>
/// One generated token. <see cref="Text"/> is the text released at this step (it may lag behind the token
/// or be empty); the concatenation of all texts is the completion.
/// </summary>
/// <param name="Text">Text released at this step.</param>
/// <param name="Logprob">The token's log-probability, when asked for and the token has a visible piece.</param>
/// <param name="Finish">Set on the last token.</param>
public sealed record CompletionToken(string Text, TokenLogprobInfo? Logprob, CompletionFinish? Finish);
