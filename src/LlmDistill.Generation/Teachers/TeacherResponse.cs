using LlmDistill.Core.Examples;

namespace LlmDistill.Generation.Teachers;

/// <summary>A teacher's answer to one <see cref="TeacherRequest"/>.</summary>
/// <param name="Text">The generated text.</param>
/// <param name="FinishReason"><c>stop</c>, <c>length</c>, <c>content_filter</c>, …</param>
/// <param name="PromptTokens">Prompt tokens counted by the teacher, when it says.</param>
/// <param name="CompletionTokens">Generated tokens, when the teacher says.</param>
/// <param name="TopLogprobs">Per generated position, the top alternatives, when asked for.</param>
public sealed record TeacherResponse(
    string Text,
    string FinishReason,
    int? PromptTokens,
    int? CompletionTokens,
    IReadOnlyList<TopLogprob>? TopLogprobs = null);
