namespace LlmDistill.Generation.SelfInstruct;

/// <summary>Where a self-instruct run stands.</summary>
/// <param name="Kept">Instructions kept so far (including those already in the output at start).</param>
/// <param name="Target">Instructions wanted.</param>
/// <param name="Prompts">Prompts answered in this run.</param>
/// <param name="Rejected">Parsed instructions dropped, by reason (<c>near_duplicate</c>, <c>too_short</c>, …).</param>
public sealed record SelfInstructProgress(int Kept, int Target, int Prompts, IReadOnlyDictionary<string, int> Rejected);
