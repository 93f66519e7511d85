namespace LlmDistill.Llama.Generation;

/// <summary>Why a sequence stopped.</summary>
public enum FinishReason
{
    /// <summary>A stop string appeared (it is not part of the text).</summary>
    Stop,

    /// <summary>The model produced an end-of-generation token.</summary>
    EndOfSequence,

    /// <summary><see cref="GenerationRequest.MaxTokens"/> reached.</summary>
    Length,

    /// <summary>The sequence filled its context.</summary>
    ContextFull,
}
