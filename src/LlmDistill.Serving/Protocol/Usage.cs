namespace LlmDistill.Serving.Protocol;

/// <summary>Token counts of one request.</summary>
internal readonly record struct Usage(int PromptTokens, int CompletionTokens)
{
    public int TotalTokens => PromptTokens + CompletionTokens;
}
