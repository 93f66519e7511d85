using LlmDistill.Evaluation.Reports;
using LlmDistill.Evaluation.Reports.Input;

namespace LlmDistill.Evaluation.Tests.Reports;

public sealed class ReportHeadlineTests
{
    private static EvaluatedRun Run(string name, RunRole role, string? objective, double accuracy, long? parameters = null,
        long? fileBytes = null, double? tokensPerSecond = null) => new()
    {
        Directory = "/runs/" + name,
        Name = name,
        Role = role,
        Objective = role == RunRole.Teacher ? "teacher" : objective,
        Accuracy = new RunAccuracy(accuracy, null, null, null, null, null),
        Parameters = parameters,
        FileBytes = fileBytes,
        Speed = RunSpeed.None with { TokensPerSecond = tokensPerSecond },
    };

    [Fact]
    public void Falls_back_to_file_sizes_when_a_parameter_count_is_missing()
    {
        var headline = ReportHeadline.From(
        [
            Run("t", RunRole.Teacher, null, 0.8, parameters: 1_000_000, fileBytes: 8_000_000, tokensPerSecond: 100),
            Run("s", RunRole.Student, "step-by-step", 0.6, fileBytes: 500_000, tokensPerSecond: 400),
        ]);

        Assert.Equal(16.0, headline.SizeRatio!.Value, 9);
        Assert.True(headline.SizeFromFiles);
        Assert.Equal(4.0, headline.SpeedRatio!.Value, 9);
        Assert.Equal(0.75, headline.AccuracyKept!.Value, 9);
    }

    [Fact]
    public void A_slower_student_is_called_slower_and_missing_speeds_are_left_out()
    {
        var slower = ReportHeadline.From(
        [
            Run("t", RunRole.Teacher, null, 0.9, parameters: 100, tokensPerSecond: 200),
            Run("s", RunRole.Student, "step-by-step", 0.9, parameters: 10, tokensPerSecond: 50),
        ]);
        Assert.Contains("10.0× smaller, 4.0× slower and keeps 100.0%", slower.Text, StringComparison.Ordinal);

        var noSpeed = ReportHeadline.From(
        [
            Run("t", RunRole.Teacher, null, 0.9, parameters: 100),
            Run("s", RunRole.Student, "step-by-step", 0.45, parameters: 20),
        ]);
        Assert.Null(noSpeed.SpeedRatio);
        Assert.Contains("is 5.0× smaller and keeps 50.0% of the teacher's accuracy", noSpeed.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_step_by_step_student_the_best_student_is_compared_and_named_as_such()
    {
        var headline = ReportHeadline.From(
        [
            Run("t", RunRole.Teacher, null, 0.9, parameters: 100),
            Run("ao", RunRole.Student, "answer-only", 0.3, parameters: 10),
            Run("kd", RunRole.Student, "token-kd", 0.6, parameters: 10),
            Run("base", RunRole.Baseline, null, 0.95, parameters: 10),
        ]);

        Assert.Equal("kd", headline.Student?.Name);
        Assert.Contains("student (token-kd; no step-by-step run)", headline.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Ties_go_to_the_smaller_model_whatever_the_order()
    {
        EvaluatedRun[] runs =
        [
            Run("t", RunRole.Teacher, null, 0.9, parameters: 100),
            Run("big", RunRole.Student, "step-by-step", 0.8, parameters: 50),
            Run("small", RunRole.Student, "step-by-step", 0.8, parameters: 20),
        ];
        Assert.Equal("small", ReportHeadline.From(runs).Student?.Name);
        Assert.Equal("small", ReportHeadline.From(runs.Reverse().ToList()).Student?.Name);
    }

    [Fact]
    public void A_teacher_that_scored_zero_cannot_be_kept_a_share_of()
    {
        var headline = ReportHeadline.From(
        [
            Run("t", RunRole.Teacher, null, 0, parameters: 100),
            Run("s", RunRole.Student, "step-by-step", 0.1, parameters: 10),
        ]);
        Assert.Null(headline.AccuracyKept);
        Assert.Contains("cannot be compared on accuracy", headline.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_a_teacher_says_there_is_no_student()
    {
        var headline = ReportHeadline.From([Run("t", RunRole.Teacher, null, 0.9)]);
        Assert.Null(headline.Student);
        Assert.Equal("No student run was given: only the teacher, t, at 90.0% accuracy.", headline.Text);
    }
}
