namespace LlmDistill.Serving.Backend;

/// <summary>The chosen token and, most likely first, the top alternatives at its position.</summary>
public sealed record TokenLogprobInfo(TokenAlternative Chosen, IReadOnlyList<TokenAlternative> Top);
