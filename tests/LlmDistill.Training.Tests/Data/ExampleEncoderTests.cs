using LlmDistill.Core.Prompts;
using LlmDistill.Training.Data;

namespace LlmDistill.Training.Tests.Data;

public class ExampleEncoderTests
{
    private static readonly ByteTokenizer Tokenizer = new();
    private static readonly DistillRecord Record = new("Tom has 2 apples. He buys 3. How many?", "", "2+3=5.", "5");

    [Fact]
    public void Step_by_step_makes_an_answer_and_a_rationale_that_reaches_it_with_task_prefixes()
    {
        var groups = new ExampleEncoder(Tokenizer, new Objective(), 256).Encode([Record]);
        var examples = Assert.Single(groups);
        Assert.Equal([StudentFormat.Target.Answer, StudentFormat.Target.Rationale], examples.Select(e => e.Target));
        Assert.Equal("[answer] Tom has 2 apples. He buys 3. How many?\n5", Text(examples[0]));
        Assert.Equal("[rationale] Tom has 2 apples. He buys 3. How many?\n2+3=5. #### 5", Text(examples[1]));
        Assert.All(examples, e => Assert.Equal(ByteTokenizer.Bos, e.Tokens[0]));
        Assert.All(examples, e => Assert.Equal(ByteTokenizer.Eos, e.Tokens[^1]));
        Assert.Equal(2, examples[0].TargetTokenCount); // the last prompt token predicts "5", "5" predicts EOS
    }

    [Fact]
    public void Cot_puts_the_answer_after_the_marker_and_answer_only_skips_the_rationale()
    {
        var cot = Assert.Single(Assert.Single(new ExampleEncoder(Tokenizer, new Objective(ObjectiveKind.ChainOfThought), 256).Encode([Record])));
        Assert.EndsWith("\n2+3=5. #### 5", Text(cot), StringComparison.Ordinal);
        Assert.StartsWith("[cot] ", Text(cot), StringComparison.Ordinal);
        var answerOnly = new ExampleEncoder(Tokenizer, new Objective(ObjectiveKind.AnswerOnly), 256).Encode([Record, Record with { Rationale = null }]);
        Assert.Equal(2, answerOnly.Count);
        Assert.All(answerOnly, g => Assert.Equal(StudentFormat.Target.Answer, Assert.Single(g).Target));
    }

    [Fact]
    public void Long_examples_are_cut_to_the_context_plus_one_token()
    {
        var example = new ExampleEncoder(Tokenizer, new Objective(), 16).EncodeOne(Record, StudentFormat.Target.Rationale);
        Assert.Equal(17, example.Tokens.Length);
        Assert.Equal(0, example.TargetTokenCount); // the prompt alone fills the context: nothing to learn
    }

    [Fact]
    public void Split_is_by_question_deterministic_and_disjoint()
    {
        var records = Enumerable.Range(0, 100).Select(i => Record with { Answer = i.ToString() }).ToArray();
        var (train, validation) = DatasetSplit.Split(records, 0.1, seed: 7);
        Assert.Equal(10, validation.Count);
        Assert.Equal(90, train.Count);
        Assert.Empty(train.Intersect(validation));
        Assert.Equal(validation, DatasetSplit.Split(records, 0.1, seed: 7).Validation);
        Assert.NotEqual(validation, DatasetSplit.Split(records, 0.1, seed: 8).Validation);
    }

    private static string Text(TokenizedExample e) => Tokenizer.Decode(e.Tokens);
}
