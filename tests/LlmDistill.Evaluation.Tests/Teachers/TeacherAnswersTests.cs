using LlmDistill.Core.Errors;
using LlmDistill.Core.Examples;
using LlmDistill.Evaluation.Teachers;
using LlmDistill.Evaluation.Tests.Support;
using LlmDistill.Storage.Examples;

namespace LlmDistill.Evaluation.Tests.Teachers;

public sealed class TeacherAnswersTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Reads_a_generated_dataset_preferring_an_answered_sample()
    {
        var run = _dir.Combine("run");
        await using (var writer = await ExampleDatasetWriter.OpenAsync(run))
        {
            await writer.AppendAsync(Row("a", "Q1", 0, ExampleStatus.ParseFailed, answer: null, rationale: "hmm"));
            await writer.AppendAsync(Row("b", "Q1", 1, ExampleStatus.Ok, answer: "5", rationale: "2+3=5."));
            await writer.AppendAsync(Row("c", "Q2", 0, ExampleStatus.ParseFailed, answer: null, rationale: "lost"));
        }

        var answers = await TeacherAnswers.LoadAsync(run);

        Assert.Equal(2, answers.Count);
        Assert.Equal(new TeacherAnswer("Q1", "", "5", "2+3=5."), answers.Find("  Q1 ", ""));
        Assert.Null(answers.Find("Q2", "")!.Answer);
        Assert.Null(answers.Find("Q3", ""));
    }

    [Fact]
    public async Task A_missing_source_is_one_clear_error()
    {
        var e = await Assert.ThrowsAsync<InvalidInputException>(() => TeacherAnswers.LoadAsync(_dir.Combine("nope")));
        Assert.Contains("teacher answers not found", e.Message, StringComparison.Ordinal);

        Directory.CreateDirectory(_dir.Combine("empty"));
        await Assert.ThrowsAsync<InvalidInputException>(() => TeacherAnswers.LoadAsync(_dir.Combine("empty")));
    }

    private static Example Row(string id, string instruction, int sample, string status, string? answer, string rationale) => new()
    {
        Id = id,
        Task = "arithmetic",
        Instruction = instruction,
        Teacher = "gguf:teacher.gguf",
        Template = "t@0",
        SampleIndex = sample,
        Answer = answer,
        Rationale = rationale,
        Output = $"{rationale} #### {answer}",
        Status = status,
        CreatedAt = DateTime.UtcNow,
    };

    public void Dispose() => _dir.Dispose();
}
