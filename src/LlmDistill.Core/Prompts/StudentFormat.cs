using LlmDistill.Core.Answers;

namespace LlmDistill.Core.Prompts;

/// <summary>
/// The text a student model is trained on and later prompted with. Training (prompt + target) and
/// evaluation (prompt only, the model writes the target) must produce byte-identical prompts, so both
/// go through this class. Each prompt starts with a task prefix ("distilling step-by-step", Hsieh et
/// al. 2023): <c>[answer] </c>, <c>[rationale] </c> or <c>[cot] </c>, then the question and a newline.
/// </summary>
public static class StudentFormat
{
    /// <summary>What a student is asked to write after a prompt.</summary>
    public enum Target
    {
        /// <summary>The final answer alone: "54".</summary>
        Answer = 0,

        /// <summary>
        /// The rationale, ending in the answer it reaches: "4*12=48. 23+48=71. 71-17=54. #### 54". Text like
        /// <see cref="ChainOfThought"/>'s, behind its own task prefix, so that a step-by-step student can reason before it
        /// answers; its <see cref="Answer"/> task answers without reasoning.
        /// </summary>
        Rationale = 1,

        /// <summary>Rationale, then the answer after GSM8K's marker: "4*12=48. … #### 54".</summary>
        ChainOfThought = 2,
    }

    /// <summary>The GGUF metadata key under which a model exported by llm-distill records its training format.</summary>
    public const string MetadataKey = "llm_distill.format";

    /// <summary>
    /// The target a model trained in <paramref name="recordedFormat"/> (step-by-step, cot, answer-only) writes when it
    /// is asked to reason and answer, or null when it cannot reason (answer-only) or the format is unknown.
    /// </summary>
    public static Target? ReasoningTarget(string? recordedFormat) => recordedFormat switch
    {
        "cot" => Target.ChainOfThought,
        "step-by-step" => Target.Rationale,
        _ => null,
    };

    /// <summary>The prompt for <paramref name="target"/>: "[answer] QUESTION\n" (input on its own line when present).</summary>
    public static string Prompt(Target target, string instruction, string input = "")
    {
        ArgumentNullException.ThrowIfNull(instruction);
        var question = string.IsNullOrWhiteSpace(input) ? instruction.Trim() : $"{instruction.Trim()}\n{input.Trim()}";
        return $"{Prefix(target)}{question}\n";
    }

    /// <summary>The text the student should write (the tokenizer's EOS follows it in training).</summary>
    public static string Completion(Target target, string answer, string? rationale) => target switch
    {
        Target.Answer => answer.Trim(),
        Target.Rationale or Target.ChainOfThought => $"{(rationale ?? "").Trim()} {AnswerParser.DefaultMarker} {answer.Trim()}",
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, null),
    };

    public static string Prefix(Target target) => target switch
    {
        Target.Answer => "[answer] ",
        Target.Rationale => "[rationale] ",
        Target.ChainOfThought => "[cot] ",
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, null),
    };
}
