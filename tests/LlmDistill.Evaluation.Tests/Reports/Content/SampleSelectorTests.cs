using LlmDistill.Evaluation.Reports.Content;
using LlmDistill.Evaluation.Reports.Input;

namespace LlmDistill.Evaluation.Tests.Reports.Content;

public sealed class SampleSelectorTests
{
    private static EvaluatedRun Run(IEnumerable<ScoredAnswer> predictions) => new()
    {
        Directory = "/runs/x",
        Name = "x",
        Role = RunRole.Student,
        Accuracy = new RunAccuracy(0.5, null, null, null, null, null),
        Predictions = predictions.ToList(),
    };

    private static ScoredAnswer P(int i, bool correct) =>
        new($"question {i}", "", i.ToString(System.Globalization.CultureInfo.InvariantCulture), "r", "a", "o", correct, false, 1, 1);

    [Fact]
    public void Selection_depends_on_the_questions_not_on_their_order()
    {
        var predictions = Enumerable.Range(0, 50).Select(i => P(i, i % 2 == 0)).ToList();

        var forward = SampleSelector.Select(Run(predictions), 3);
        var backward = SampleSelector.Select(Run(Enumerable.Reverse(predictions)), 3);

        Assert.Equal(forward.Right, backward.Right);
        Assert.Equal(forward.Wrong, backward.Wrong);
        Assert.Equal(3, forward.Right.Count);
        Assert.All(forward.Right, p => Assert.True(p.Correct));
        Assert.All(forward.Wrong, p => Assert.False(p.Correct));
        // Not simply the first rows of the file.
        Assert.NotEqual(predictions.Where(p => p.Correct).Take(3), forward.Right);
    }

    [Fact]
    public void Two_students_scored_on_the_same_questions_show_the_same_ones_where_outcomes_agree()
    {
        var a = Enumerable.Range(0, 40).Select(i => P(i, true)).ToList();
        var b = Enumerable.Range(0, 40).Select(i => P(i, i != 7)).ToList();

        // Student b got question 7 wrong: its right answers are a's, in the same order, with question 7 left out.
        var allOfA = SampleSelector.Select(Run(a), 40).Right;
        var expected = allOfA.Where(p => p.Reference != "7").Take(3).Select(p => p.Instruction);

        Assert.Equal(expected, SampleSelector.Select(Run(b), 3).Right.Select(p => p.Instruction));
        Assert.Equal(allOfA.Take(3).Select(p => p.Instruction), SampleSelector.Select(Run(a), 3).Right.Select(p => p.Instruction));
    }

    [Fact]
    public void Fewer_predictions_than_asked_for_shows_them_all()
    {
        var set = SampleSelector.Select(Run([P(1, true), P(2, false)]), 3);
        Assert.Single(set.Right);
        Assert.Single(set.Wrong);
    }
}
