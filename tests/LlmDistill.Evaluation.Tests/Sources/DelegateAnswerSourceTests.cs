using LlmDistill.Core.Prompts;
using LlmDistill.Core.Tasks;
using LlmDistill.Evaluation.Metrics;
using LlmDistill.Evaluation.Prompts;
using LlmDistill.Evaluation.Sources;
using LlmDistill.Evaluation.Teachers;
using LlmDistill.Evaluation.Tests.Support;

namespace LlmDistill.Evaluation.Tests.Sources;

/// <summary>The HTTP-teacher seam: a chat client behind a function, scored like any model, then used as the teacher.</summary>
public sealed class DelegateAnswerSourceTests : IDisposable
{
    private static readonly TaskItem[] Items = [.. ArithmeticWordProblems.Generate(6, seed: 3)];
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task A_chat_teacher_is_scored_with_its_template_parser_and_its_predictions_feed_a_student_eval()
    {
        var template = PromptTemplate.Parse(
            "name: gsm\nsystem: Solve step by step.\nuser: '{{instruction}}'\nanswer_marker: 'Answer:'\n"u8.ToArray(), "gsm.yaml");
        var chats = new List<IReadOnlyList<ChatMessage>>();
        // A "teacher" that reads the question from the chat and answers right in the template's format.
        var teacher = new DelegateAnswerSource(new ModelDescription("openai:fake-4o"), 2, (request, _) =>
        {
            lock (chats)
                chats.Add(request.AsMessages());
            var item = Items.Single(i => i.Instruction == request.Messages![^1].Content);
            return Task.FromResult(new AnswerCompletion($"{item.ReferenceRationale}\nAnswer: {item.Reference}", "stop", 40, 12, 300));
        });

        var teacherEval = await EvaluationRunner.RunAsync(teacher, Items, new EvaluationOptions
        {
            OutputDirectory = _dir.Combine("teacher"),
            Format = QuestionFormat.Template(template),
            Role = ModelRole.Teacher,
        });

        Assert.Equal(1.0, teacherEval.Metrics.Accuracy.Value);
        Assert.Equal("openai:fake-4o", teacherEval.Metrics.Model.Name);
        Assert.Null(teacherEval.Metrics.Model.FileBytes);
        Assert.Null(teacherEval.Metrics.Speed.TtftMsP50); // an HTTP teacher that does not stream has no token times
        Assert.All(chats, c => Assert.Equal(["system", "user"], c.Select(m => m.Role)));

        // The teacher eval's predictions are the teacher answers for a student's eval on the same questions.
        var answers = await TeacherAnswers.LoadAsync(_dir.Combine("teacher"));
        var student = new FakeAnswerSource(r =>
        {
            var item = Items.Single(i => r.Text == StudentFormat.Prompt(StudentFormat.Target.ChainOfThought, i.Instruction));
            return item == Items[0] ? "#### 0" : $"{item.ReferenceRationale} #### {item.Reference}";
        });
        var studentEval = await EvaluationRunner.RunAsync(student, Items, new EvaluationOptions
        {
            OutputDirectory = _dir.Combine("student"),
            Format = QuestionFormat.Student(StudentFormat.Target.ChainOfThought),
            Teacher = answers,
        });

        Assert.Equal(5.0 / 6, studentEval.Metrics.TeacherAgreement!.Value, 12);
        Assert.Equal(5.0 / 6, studentEval.Metrics.RationaleRougeL!.Value, 12); // identical rationales but the first (empty)
        Assert.Equal(Path.Combine(_dir.Combine("teacher"), "predictions.parquet"), studentEval.Metrics.Teacher!.Source);
    }

    public void Dispose() => _dir.Dispose();
}
