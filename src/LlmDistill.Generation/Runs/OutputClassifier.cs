using System.Text.RegularExpressions;
using LlmDistill.Core.Answers;
using LlmDistill.Core.Examples;

namespace LlmDistill.Generation.Runs;

/// <summary>
/// Decides the <c>status</c> of one teacher answer: empty, refused, cut off by the token limit, without a
/// parsable final answer, or wrong against the reference when asked to check.
/// </summary>
public static partial class OutputClassifier
{
    public static string Classify(string text, string finishReason, ParsedAnswer parsed, string? reference, bool checkReference)
    {
        if (string.IsNullOrWhiteSpace(text))
            return ExampleStatus.Filtered("empty");
        if (Refusal().IsMatch(text))
            return ExampleStatus.Filtered("refusal");
        if (finishReason == "length")
            return ExampleStatus.Filtered("truncated");
        if (finishReason == "content_filter")
            return ExampleStatus.Filtered("content_filter");
        if (!parsed.Succeeded)
            return ExampleStatus.ParseFailed;
        if (checkReference && reference is not null && !AnswerParser.AreEquivalent(parsed.Answer, reference))
            return ExampleStatus.Filtered("wrong_answer");
        return ExampleStatus.Ok;
    }

    // Only at the start of the answer: a rationale may well quote "I cannot" in a word problem.
    [GeneratedRegex(@"^\s*(I'm sorry|I am sorry|Sorry, (but )?I|I can(no|')t (help|assist|answer|comply)|As an AI( language model)?,)", RegexOptions.IgnoreCase)]
    private static partial Regex Refusal();
}
