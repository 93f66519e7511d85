namespace LlmDistill.Evaluation.Sources;

/// <summary>A source's completion of one <see cref="AnswerRequest"/>, with its timings.</summary>
/// <param name="Text">The generated text, unparsed.</param>
/// <param name="FinishReason"><c>stop</c>, <c>eos</c>, <c>length</c>, <c>context_full</c>, or the source's own word.</param>
/// <param name="PromptTokens">Tokens in the prompt, when the source knows.</param>
/// <param name="CompletionTokens">Tokens generated (an end-of-sequence token counts).</param>
/// <param name="TotalMs">Wall time of the request.</param>
/// <param name="TimeToFirstTokenMs">From the request to its first generated token; null when the source cannot see tokens.</param>
/// <param name="PerTokenMs">(last token time − first token time) / (tokens − 1); null with fewer than two tokens or no token times.</param>
public sealed record AnswerCompletion(
    string Text,
    string FinishReason,
    int? PromptTokens,
    int CompletionTokens,
    double TotalMs,
    double? TimeToFirstTokenMs = null,
    double? PerTokenMs = null);
