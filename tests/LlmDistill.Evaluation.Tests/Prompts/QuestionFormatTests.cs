using LlmDistill.Core.Prompts;
using LlmDistill.Core.Tasks;
using LlmDistill.Evaluation.Prompts;

namespace LlmDistill.Evaluation.Tests.Prompts;

public sealed class QuestionFormatTests
{
    private static readonly TaskItem Item = new("q1", "arithmetic", "Tom has 3 apples. How many now?", "", "3");

    [Fact]
    public void Student_prompts_are_the_training_prompts_byte_for_byte()
    {
        Assert.Equal(StudentFormat.Prompt(StudentFormat.Target.ChainOfThought, Item.Instruction),
            QuestionFormat.Student(StudentFormat.Target.ChainOfThought).PromptText(Item));
        Assert.Equal(StudentFormat.Prompt(StudentFormat.Target.Answer, Item.Instruction),
            QuestionFormat.Student(StudentFormat.Target.Answer).PromptText(Item));
        Assert.Null(QuestionFormat.Student(StudentFormat.Target.Answer).Chat(Item));
    }

    [Fact]
    public void Chain_of_thought_completions_split_at_the_marker()
    {
        var parsed = QuestionFormat.Student(StudentFormat.Target.ChainOfThought).Parse("4*12=48. 23+48=71. #### 71\nrest");

        Assert.Equal("4*12=48. 23+48=71.", parsed.Rationale);
        Assert.Equal("71", parsed.Answer);
        Assert.False(QuestionFormat.Student(StudentFormat.Target.ChainOfThought).Parse("no marker 71").Succeeded);
    }

    [Fact]
    public void Answer_only_completions_are_their_first_line_normalised()
    {
        var format = QuestionFormat.Student(StudentFormat.Target.Answer);

        Assert.Equal("1200", format.Parse(" 1,200.\nmore").Answer);
        Assert.False(format.Parse("  \n ").Succeeded);
        Assert.False(format.HasRationale);
    }

    [Fact]
    public void Step_by_step_reasons_with_the_rationale_prompt_then_answers_after_the_marker()
    {
        var format = QuestionFormat.StepByStep();

        Assert.Equal(StudentFormat.Prompt(StudentFormat.Target.Rationale, Item.Instruction), format.PromptText(Item));
        Assert.Null(format.RationalePromptText(Item));
        var parsed = format.Parse(StudentFormat.Completion(StudentFormat.Target.Rationale, "7", "3+4=7."));
        Assert.Equal("7", parsed.Answer);
        Assert.Equal("3+4=7.", parsed.Rationale);
        Assert.False(format.Parse("3+4=7.").Succeeded);
        Assert.True(format.HasRationale);
    }

    [Fact]
    public void Step_by_step_answer_head_asks_for_the_answer_and_separately_for_the_rationale()
    {
        var format = QuestionFormat.StepByStepAnswer();

        Assert.Equal(StudentFormat.Prompt(StudentFormat.Target.Answer, Item.Instruction), format.PromptText(Item));
        Assert.Equal(StudentFormat.Prompt(StudentFormat.Target.Rationale, Item.Instruction), format.RationalePromptText(Item));
        Assert.Equal("3", format.Parse("3").Answer);
        Assert.True(format.HasRationale);
        Assert.Null(QuestionFormat.Student(StudentFormat.Target.ChainOfThought).RationalePromptText(Item));
    }

    [Fact]
    public void Rationale_only_target_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => QuestionFormat.Student(StudentFormat.Target.Rationale));

    [Fact]
    public void Template_format_renders_chat_and_uses_the_template_marker()
    {
        var template = PromptTemplate.Parse("name: t\nuser: 'Q: {{instruction}}'\nanswer_marker: 'ANSWER:'\n"u8.ToArray(), "t.yaml");
        var format = QuestionFormat.Template(template);

        Assert.Null(format.PromptText(Item));
        Assert.Equal("Q: " + Item.Instruction, format.Chat(Item)![^1].Content);
        Assert.Equal("7", format.Parse("3+4=7 ANSWER: 7").Answer);
        Assert.Equal(template.Id, format.Name);
    }
}
