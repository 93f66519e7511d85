namespace LlmDistill.Serving.Backend;

/// <summary>Why a completion ended, as OpenAI names it.</summary>
public enum CompletionFinish
{
    /// <summary>End of generation or a stop string ("stop").</summary>
    Stop,

    /// <summary>max_tokens or the context was reached ("length").</summary>
    Length,
}
