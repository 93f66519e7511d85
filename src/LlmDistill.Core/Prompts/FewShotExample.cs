namespace LlmDistill.Core.Prompts;

/// <summary>A worked example shown to the teacher before the real question.</summary>
/// <param name="Variables">Values of the template's variables for this example.</param>
/// <param name="Output">The answer the teacher should imitate, in the template's format.</param>
public sealed record FewShotExample(IReadOnlyDictionary<string, string> Variables, string Output);
