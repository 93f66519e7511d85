using System.Text.RegularExpressions;
using LlmDistill.Core.Answers;
using LlmDistill.Core.Tasks;

namespace LlmDistill.Core.Tests.Tasks;

public sealed partial class ArithmeticWordProblemsTests
{
    [Fact]
    public void The_same_seed_gives_the_same_problems_and_another_seed_others()
    {
        var a = ArithmeticWordProblems.Generate(50, seed: 7).ToList();
        var b = ArithmeticWordProblems.Generate(50, seed: 7).ToList();
        var c = ArithmeticWordProblems.Generate(50, seed: 8).ToList();

        Assert.Equal(a, b);
        Assert.NotEqual(a.Select(x => x.Instruction), c.Select(x => x.Instruction));
        Assert.Equal(50, a.Select(x => x.Id).Distinct().Count());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Every_rationale_step_is_correct_arithmetic_ending_in_the_reference(int steps)
    {
        foreach (var item in ArithmeticWordProblems.Generate(2000, seed: 1, new ArithmeticWordProblems.Options(60, steps)))
        {
            var matches = StepPattern().Matches(item.ReferenceRationale!);
            Assert.Equal(steps, matches.Count);
            long last = 0;
            foreach (Match m in matches)
            {
                var (x, op, y, z) = (long.Parse(m.Groups[1].Value), m.Groups[2].Value, long.Parse(m.Groups[3].Value), long.Parse(m.Groups[4].Value));
                Assert.Equal(op switch { "*" => x * y, "+" => x + y, _ => x - y }, z);
                last = z;
            }
            Assert.Equal(last.ToString(), item.Reference);
            Assert.True(last >= 0, item.Instruction);
            // Every number the first step uses is in the question: the rationale never invents data.
            var first = matches[0];
            Assert.Contains($" {first.Groups[1].Value} ", item.Instruction);
        }
    }

    [Fact]
    public void The_answer_only_target_parses_back_to_the_reference()
    {
        var parser = new AnswerParser();
        foreach (var item in ArithmeticWordProblems.Generate(100, seed: 3))
            Assert.Equal(item.Reference, parser.Parse($"{item.ReferenceRationale} #### {item.Reference}").Answer);
    }

    [Fact]
    public void Bad_options_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ArithmeticWordProblems.Generate(1, 0, new(MaxNumber: 1)).ToList());
        Assert.Throws<ArgumentOutOfRangeException>(() => ArithmeticWordProblems.Generate(1, 0, new(Steps: 4)).ToList());
    }

    [GeneratedRegex(@"(\d+)([*+-])(\d+)=(\d+)\.")]
    private static partial Regex StepPattern();
}
