using System.Text;
using LlmDistill.Core.Examples;
using LlmDistill.Core.Prompts;
using LlmDistill.Core.Tasks;
using LlmDistill.Generation.Runs;
using LlmDistill.Generation.Teachers;
using LlmDistill.Storage.Examples;

namespace LlmDistill.Generation.Tests.Runs;

public sealed class GenerationRunnerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("llmd-gen-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly PromptTemplate Template = PromptTemplate.Parse(
        Encoding.UTF8.GetBytes("name: t\nuser: \"{{instruction}}\"\n"), "t.yaml");

    private static List<TaskItem> Items(int n) => ArithmeticWordProblems.Generate(n, seed: 11).ToList();

    // Answers every question correctly, from the ground truth the test knows.
    private static FakeTeacher Correct(IReadOnlyList<TaskItem> items, TimeSpan? delay = null)
    {
        var byQuestion = items.ToDictionary(i => i.Instruction);
        return new FakeTeacher((q, _) => FakeTeacher.Say($"{byQuestion[q].ReferenceRationale} #### {byQuestion[q].Reference}"), delay);
    }

    private async Task<List<Example>> ReadAllAsync() =>
        await ExampleDatasetReader.Open(_dir).ReadAsync().ToListAsync();

    [Fact]
    public async Task Every_sample_is_stored_once_with_its_parse()
    {
        var items = Items(30);
        await using (var writer = await ExampleDatasetWriter.OpenAsync(_dir, new ExampleDatasetOptions { RowsPerPart = 7 }))
        {
            var result = await new GenerationRunner(Correct(items), Template, new GenerationOptions { Samples = 2, Temperature = 0.7, TopLogprobs = 2 })
                .RunAsync(items, writer);
            Assert.Equal(60, result.Done);
            // The fake teacher says the same thing twice: the second sample of each item is a repeat.
            Assert.Equal(30, result.Ok);
        }

        var rows = await ReadAllAsync();
        Assert.Equal(60, rows.Count);
        Assert.Equal(60, rows.Select(r => r.Id).Distinct().Count());
        Assert.Equal(30, rows.Count(r => r.Status == "filtered:duplicate" && r.SampleIndex == 1));
        var first = rows.Single(r => r.Instruction == items[0].Instruction && r.SampleIndex == 1);
        Assert.Equal(items[0].Reference, first.Answer);
        Assert.Equal(items[0].ReferenceRationale, first.Rationale);
        Assert.Equal(Template.Id, first.Template);
        Assert.Equal("fake:teacher", first.Teacher);
        Assert.Equal(2, first.TopLogprobs!.Count);
        Assert.Equal(0.7, first.Temperature);
    }

    [Fact]
    public async Task A_second_run_skips_what_is_stored()
    {
        var items = Items(10);
        var teacher = Correct(items);
        for (var run = 0; run < 2; run++)
        {
            await using var writer = await ExampleDatasetWriter.OpenAsync(_dir);
            var result = await new GenerationRunner(teacher, Template, new GenerationOptions()).RunAsync(items, writer);
            Assert.Equal(run == 0 ? 0 : 10, result.Skipped);
        }
        Assert.Equal(10, teacher.Calls);
        Assert.Equal(10, (await ReadAllAsync()).Count);
    }

    [Fact]
    public async Task A_cancelled_run_keeps_what_was_answered_and_a_rerun_completes_it()
    {
        var items = Items(40);
        using var cts = new CancellationTokenSource();
        var teacher = new FakeTeacher((q, call) =>
        {
            if (call == 15)
                cts.Cancel();
            return FakeTeacher.Say("1+1=2. #### 2");
        }, TimeSpan.FromMilliseconds(5));
        await using (var writer = await ExampleDatasetWriter.OpenAsync(_dir))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                new GenerationRunner(teacher, Template, new GenerationOptions { Concurrency = 3 }).RunAsync(items, writer, cancellationToken: cts.Token));
        }
        var partial = (await ReadAllAsync()).Count;
        Assert.InRange(partial, 1, 39);

        await using (var writer = await ExampleDatasetWriter.OpenAsync(_dir))
            await new GenerationRunner(Correct(items), Template, new GenerationOptions { Concurrency = 3 }).RunAsync(items, writer);

        var rows = await ReadAllAsync();
        Assert.Equal(40, rows.Count);
        Assert.Equal(40, rows.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public async Task Failures_are_stored_with_their_reason()
    {
        var items = Items(6);
        var teacher = new FakeTeacher((q, call) => call % 2 == 0
            ? throw TeacherException.FromStatus(503, "down")
            : FakeTeacher.Say("2*3=6. #### 6"));
        await using (var writer = await ExampleDatasetWriter.OpenAsync(_dir))
            await new GenerationRunner(teacher, Template, new GenerationOptions { Concurrency = 1 }).RunAsync(items, writer);

        var rows = await ReadAllAsync();
        Assert.Equal(6, rows.Count);
        Assert.Equal(3, rows.Count(r => r.Status == "failed:http_503"));
        Assert.All(rows.Where(r => r.Status.StartsWith("failed", StringComparison.Ordinal)), r => Assert.Null(r.Output));
    }

    [Theory]
    [InlineData("", "stop", "filtered:empty")]
    [InlineData("I'm sorry, but I can't help with that.", "stop", "filtered:refusal")]
    [InlineData("2*3=6. 6+", "length", "filtered:truncated")]
    [InlineData("2*3=6. the answer is six", "stop", "parse_failed")]
    [InlineData("2*3=6. #### 7", "stop", "filtered:wrong_answer")]
    public async Task Outputs_are_classified(string text, string finish, string status)
    {
        var items = new List<TaskItem> { new("q1", "t", "What is 2*3?", Reference: "6") };
        await using (var writer = await ExampleDatasetWriter.OpenAsync(_dir))
            await new GenerationRunner(new FakeTeacher((_, _) => FakeTeacher.Say(text, finish)), Template,
                new GenerationOptions { FilterWrongAnswers = true }).RunAsync(items, writer);

        Assert.Equal(status, (await ReadAllAsync()).Single().Status);
    }

    [Fact]
    public async Task Self_consistency_keeps_the_majority_and_marks_repeats()
    {
        var items = new List<TaskItem> { new("q1", "t", "What is 2*3?") };
        string[] outputs = ["a #### 6", "b #### 5", "c #### 6", "a #### 6"];
        var teacher = new FakeTeacher((_, call) => FakeTeacher.Say(outputs[call - 1]));
        await using (var writer = await ExampleDatasetWriter.OpenAsync(_dir))
            await new GenerationRunner(teacher, Template, new GenerationOptions { Samples = 4, Concurrency = 1, SelfConsistency = true, Temperature = 1 })
                .RunAsync(items, writer);

        var statuses = (await ReadAllAsync()).OrderBy(r => r.SampleIndex).Select(r => r.Status);
        Assert.Equal(["ok", "filtered:minority_answer", "ok", "filtered:duplicate"], statuses);
    }

    [Fact]
    public async Task A_teacher_that_cannot_answer_the_first_question_stops_the_run_before_storing_anything()
    {
        var items = Items(5);
        var teacher = new FakeTeacher((_, _) => throw new TeacherException("connection", "refused", isTransient: true));
        await using (var writer = await ExampleDatasetWriter.OpenAsync(_dir))
        {
            var e = await Assert.ThrowsAsync<LlmDistill.Core.Errors.ExternalServiceException>(() =>
                new GenerationRunner(teacher, Template, new GenerationOptions()).RunAsync(items, writer));
            Assert.Contains("failed:connection", e.Message);
        }

        Assert.Empty(Directory.GetFiles(_dir, "*.parquet", SearchOption.AllDirectories));
        Assert.Equal(1, teacher.Calls);
    }
}
