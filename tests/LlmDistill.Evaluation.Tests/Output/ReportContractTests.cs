using LlmDistill.Core.Prompts;
using LlmDistill.Core.Tasks;
using LlmDistill.Evaluation.Metrics;
using LlmDistill.Evaluation.Prompts;
using LlmDistill.Evaluation.Reports.Input;
using LlmDistill.Evaluation.Tests.Support;

namespace LlmDistill.Evaluation.Tests.Output;

/// <summary>What eval writes, `llm-distill report` reads: the metrics.json and predictions.parquet contract end to end.</summary>
public sealed class ReportContractTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task The_report_reads_an_eval_directory_as_written()
    {
        var items = ArithmeticWordProblems.Generate(10, seed: 5).ToArray();
        var cot = QuestionFormat.Student(StudentFormat.Target.ChainOfThought);
        var source = new FakeAnswerSource(r =>
        {
            var item = items.Single(i => r.Text == cot.PromptText(i));
            return item == items[0] ? "no idea" : $"{item.ReferenceRationale} #### {item.Reference}";
        });
        var output = _dir.Combine("eval");

        var written = await EvaluationRunner.RunAsync(source, items, new EvaluationOptions
        {
            OutputDirectory = output,
            Format = cot,
            Role = ModelRole.Baseline,
            Labels = new Dictionary<string, string> { ["objective"] = "answer-only" },
        });
        var run = await RunLoader.LoadAsync(output, CancellationToken.None);

        Assert.Equal(RunRole.Baseline, run.Role);
        Assert.Equal("answer-only", run.Objective);
        Assert.Equal(written.Metrics.Accuracy.Value, run.Accuracy.Value);
        Assert.Equal(9, run.Accuracy.Correct);
        Assert.Equal(written.Metrics.Accuracy.CiLow, run.Accuracy.CiLow);
        Assert.Equal("wilson-95", run.Accuracy.Method);
        Assert.Equal(0.1, run.ParseFailureRate);
        Assert.Equal(written.Metrics.Speed.TokensPerSecond, run.Speed.TokensPerSecond);
        Assert.Equal(written.Metrics.Speed.TtftMsP95, run.Speed.TtftMsP95);
        Assert.Equal(10, run.TaskCount);
        Assert.Equal(10, run.Predictions.Count);
        Assert.Equal(written.Predictions.Select(p => (p.Instruction, p.Answer, p.Correct, p.ParseFailed, p.Rationale)),
            run.Predictions.Select(p => (p.Instruction, p.Answer, p.Correct, p.ParseFailed, p.Rationale ?? "")));
        Assert.Equal(written.Predictions.Select(p => (long?)p.CompletionTokens), run.Predictions.Select(p => p.CompletionTokens));
    }

    public void Dispose() => _dir.Dispose();
}
