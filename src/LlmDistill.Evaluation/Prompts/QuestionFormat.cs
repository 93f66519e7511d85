using LlmDistill.Core.Answers;
using LlmDistill.Core.Prompts;
using LlmDistill.Core.Tasks;

namespace LlmDistill.Evaluation.Prompts;

/// <summary>
/// How a test question becomes a prompt and how a completion becomes an answer. Teacher and student are
/// scored with the same format machinery, so "correct" means the same for both. A format gives either
/// prompt text (a student, or any GGUF prompted without chat) or chat messages (an HTTP teacher, or a GGUF
/// with a chat template); an <see cref="Sources.IAnswerSource"/> turns one into the other when it must.
/// </summary>
public sealed class QuestionFormat
{
    private readonly Func<TaskItem, string>? _text;
    private readonly Func<TaskItem, IReadOnlyList<ChatMessage>>? _chat;
    private readonly Func<string, ParsedAnswer> _parse;
    private readonly Func<TaskItem, string>? _rationaleText;

    private QuestionFormat(string name, Func<TaskItem, string>? text, Func<TaskItem, IReadOnlyList<ChatMessage>>? chat,
        Func<string, ParsedAnswer> parse, bool hasRationale, Func<TaskItem, string>? rationaleText = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _text = text;
        _chat = chat;
        _parse = parse;
        _rationaleText = rationaleText;
        HasRationale = hasRationale;
    }

    /// <summary>
    /// What <c>tasks.template</c> in metrics.json says: a template id (<c>name@sha256</c>), <c>student:cot</c>,
    /// <c>student:answer</c>, <c>student:step-by-step</c> or <c>student:step-by-step-answer</c>.
    /// </summary>
    public string Name { get; }

    /// <summary>Whether completions carry a rationale (false for answer-only students: no rationale ROUGE-L then).</summary>
    public bool HasRationale { get; }

    /// <summary>
    /// A student prompted exactly as it was trained (<see cref="StudentFormat"/>). <see cref="StudentFormat.Target.ChainOfThought"/>
    /// completions are split at GSM8K's marker; <see cref="StudentFormat.Target.Answer"/> completions are the answer
    /// (first line). The rationale target is refused here: for a step-by-step student
    /// use <see cref="StepByStep"/> or <see cref="StepByStepAnswer"/>.
    /// </summary>
    public static QuestionFormat Student(StudentFormat.Target target)
    {
        var parse = target switch
        {
            StudentFormat.Target.ChainOfThought => new AnswerParser().Parse,
            StudentFormat.Target.Answer => (Func<string, ParsedAnswer>)ParseBareAnswer,
            _ => throw new ArgumentOutOfRangeException(nameof(target), target,
                "the [rationale] prompt belongs to step-by-step students: use StepByStep or StepByStepAnswer"),
        };
        var name = target == StudentFormat.Target.Answer ? "student:answer" : "student:cot";
        return new QuestionFormat(name, item => StudentFormat.Prompt(target, item.Instruction, item.Input), null, parse,
            hasRationale: target == StudentFormat.Target.ChainOfThought);
    }

    /// <summary>
    /// A distilling step-by-step student (Hsieh et al. 2023) asked with its <c>[rationale]</c> prompt: it reasons, then
    /// answers after GSM8K's marker. Multi-step problems need this; <see cref="StepByStepAnswer"/> is the faster head.
    /// </summary>
    public static QuestionFormat StepByStep() =>
        new("student:step-by-step", item => StudentFormat.Prompt(StudentFormat.Target.Rationale, item.Instruction, item.Input), null,
            new AnswerParser().Parse, hasRationale: true);

    /// <summary>
    /// A step-by-step student's <c>[answer]</c> head, as Hsieh et al. deploy it: the answer without reasoning, and
    /// the rationale from a second, <c>[rationale]</c> prompt, so that it can be read and compared with the teacher's.
    /// Speed metrics cover the answer prompts only.
    /// </summary>
    public static QuestionFormat StepByStepAnswer() =>
        new("student:step-by-step-answer", item => StudentFormat.Prompt(StudentFormat.Target.Answer, item.Instruction, item.Input), null,
            ParseBareAnswer, hasRationale: true,
            item => StudentFormat.Prompt(StudentFormat.Target.Rationale, item.Instruction, item.Input));

    /// <summary>Any prompt text, with completions split at <paramref name="parser"/>'s marker.</summary>
    public static QuestionFormat Text(string name, Func<TaskItem, string> prompt, AnswerParser? parser = null)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        return new QuestionFormat(name, prompt, null, (parser ?? new AnswerParser()).Parse, hasRationale: true);
    }

    /// <summary>A prompt template (the one the teacher generated the dataset with), split at its answer marker.</summary>
    public static QuestionFormat Template(PromptTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return new QuestionFormat(template.Id, null, item => template.Render(Variables(item)),
            new AnswerParser(template.AnswerMarker).Parse, hasRationale: true);
    }

    /// <summary>The prompt as text, or null when this format is a chat (see <see cref="Chat"/>).</summary>
    public string? PromptText(TaskItem item) => _text?.Invoke(item);

    /// <summary>The prompt that asks for the rationale alone, or null when the answer prompt's completion carries it.</summary>
    public string? RationalePromptText(TaskItem item) => _rationaleText?.Invoke(item);

    /// <summary>The prompt as chat messages, or null when this format is plain text.</summary>
    public IReadOnlyList<ChatMessage>? Chat(TaskItem item) => _chat?.Invoke(item);

    /// <summary>Splits a completion into rationale and (normalised) answer; a null answer is a parse failure.</summary>
    public ParsedAnswer Parse(string completion)
    {
        ArgumentNullException.ThrowIfNull(completion);
        return _parse(completion);
    }

    private static ParsedAnswer ParseBareAnswer(string completion)
    {
        var line = completion.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        var answer = line is null ? "" : AnswerParser.Normalize(line);
        return new ParsedAnswer("", answer.Length == 0 ? null : answer);
    }

    private static Dictionary<string, string> Variables(TaskItem item) => new(StringComparer.Ordinal)
    {
        ["instruction"] = item.Instruction,
        ["input"] = item.Input,
    };
}
