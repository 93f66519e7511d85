using System.Text.Json;
using LlmDistill.Core.Errors;
using LlmDistill.Core.Prompts;
using LlmDistill.Core.Tasks;
using LlmDistill.Evaluation.Metrics;
using LlmDistill.Evaluation.Output;
using LlmDistill.Evaluation.Prompts;
using LlmDistill.Evaluation.Sources;
using LlmDistill.Evaluation.Teachers;
using LlmDistill.Evaluation.Tests.Support;

namespace LlmDistill.Evaluation.Tests;

/// <summary>The runner with a fake answer source (the HTTP-teacher seam): scoring, comparisons, files, refusals.</summary>
public sealed class EvaluationRunnerTests : IDisposable
{
    private static readonly QuestionFormat Cot = QuestionFormat.Student(StudentFormat.Target.ChainOfThought);
    private static readonly TaskItem[] Items = [.. ArithmeticWordProblems.Generate(12, seed: 7)];
    private readonly TempDirectory _dir = new();

    private string Out => _dir.Combine("eval");

    [Fact]
    public async Task A_source_that_answers_right_scores_full_marks()
    {
        var source = new FakeAnswerSource(r => Truth(r).ReferenceRationale + " #### " + Truth(r).Reference);

        var result = await EvaluationRunner.RunAsync(source, Items, Options());

        Assert.Equal(1.0, result.Metrics.Accuracy.Value);
        Assert.Equal(Items.Length, result.Metrics.Accuracy.Correct);
        Assert.Equal(0, result.Metrics.ParseFailureRate);
        Assert.Equal(WilsonInterval.Compute(12, 12).Low, result.Metrics.Accuracy.CiLow);
        Assert.All(result.Predictions, p => Assert.True(p.Correct));
        Assert.Equal(Items.Select(i => i.ReferenceRationale!.TrimEnd()), result.Predictions.Select(p => p.Rationale));
        Assert.Equal(Items.Length, source.Requests.Count);
        Assert.All(source.Requests, r => Assert.StartsWith("[cot] ", r.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Wrong_and_unparseable_answers_are_counted_apart()
    {
        // Items 0-3 right, 4-7 wrong, 8-11 without a marker.
        var source = new FakeAnswerSource(r =>
        {
            var i = Array.IndexOf(Items, Truth(r));
            return i < 4 ? $"#### {Truth(r).Reference}" : i < 8 ? "#### -1" : "I do not know";
        });

        var metrics = (await EvaluationRunner.RunAsync(source, Items, Options())).Metrics;

        Assert.Equal(4, metrics.Accuracy.Correct);
        Assert.Equal(12, metrics.Accuracy.Total);
        Assert.Equal(4.0 / 12, metrics.ParseFailureRate, 12);
    }

    [Fact]
    public async Task A_request_the_source_gave_up_on_is_a_failed_wrong_answer_not_a_crash()
    {
        var source = new DelegateAnswerSource(new ModelDescription("http"), 2, (r, _) => Truth(r) == Items[3]
            ? throw new ExternalServiceException("teacher kept failing: 503 Service Unavailable")
            : Task.FromResult(new AnswerCompletion($"#### {Truth(r).Reference}", "stop", 5, 3, 10)));

        var result = await EvaluationRunner.RunAsync(source, Items, Options());

        Assert.Equal(11, result.Metrics.Accuracy.Correct);
        Assert.Equal(1, result.Metrics.FailedRequests);
        Assert.Equal("failed:teacher kept failing: 503 Service Unavailable", result.Predictions[3].FinishReason);
        Assert.True(result.Predictions[3].ParseFailed);
    }

    [Fact]
    public async Task A_bad_prompt_ends_the_evaluation_with_its_own_message()
    {
        var source = new DelegateAnswerSource(new ModelDescription("gguf"), 2, (r, _) =>
            throw new InvalidInputException("the prompt has 900 tokens; a sequence holds 512 (raise ContextSize)"));

        var e = await Assert.ThrowsAsync<InvalidInputException>(() => EvaluationRunner.RunAsync(source, Items, Options()));

        Assert.Contains("raise ContextSize", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Out, "metrics.json")));
    }

    [Fact]
    public async Task Agreement_and_rationale_rouge_are_computed_against_the_teacher()
    {
        var q = Items.Take(4).ToArray();
        // Teacher: q0 right, q1 wrong (says 999), q2 no answer, q3 not asked.
        var teacher = TeacherAnswers.From("hand-made", [
            new TeacherAnswer(q[0].Instruction, "", q[0].Reference, "the quick brown fox"),
            new TeacherAnswer(q[1].Instruction, "", "999", "a b c d"),
            new TeacherAnswer(q[2].Instruction, "", null, null),
        ]);
        // Student: q0 right with rationale "the quick red fox", q1 right ("a b"), q2 and q3 right.
        var source = new FakeAnswerSource(r =>
        {
            var i = Array.IndexOf(q, Truth(r, q));
            return (i switch { 0 => "the quick red fox", 1 => "a b", _ => "x" }) + " #### " + q[i].Reference;
        });

        var result = await EvaluationRunner.RunAsync(source, q, Options() with { Teacher = teacher });

        var m = result.Metrics;
        Assert.Equal(0.5, m.TeacherAgreement); // agrees on q0, not on q1; q2 has no teacher answer, q3 no teacher row
        Assert.Equal(new TeacherMetrics { Source = "hand-made", Matched = 3, Compared = 2, Agreed = 1 }, m.Teacher);
        // ROUGE-L F1: "the quick red fox" vs "the quick brown fox" = 2·3/8; "a b" vs "a b c d" = 2·2/6.
        Assert.Equal((0.75 + 2.0 / 3) / 2, m.RationaleRougeL!.Value, 12);
        Assert.Equal([true, false, null, null], result.Predictions.Select(p => p.TeacherAgrees));
        Assert.Equal("999", result.Predictions[1].TeacherAnswer);
        Assert.Null(result.Predictions[3].TeacherAnswer);
    }

    [Fact]
    public async Task Answer_only_students_get_agreement_but_no_rationale_rouge()
    {
        var teacher = TeacherAnswers.From("t", Items.Select(i => new TeacherAnswer(i.Instruction, "", i.Reference, i.ReferenceRationale)));
        var source = new FakeAnswerSource(r => Truth(r).Reference!);

        var m = (await EvaluationRunner.RunAsync(source, Items,
            Options() with { Format = QuestionFormat.Student(StudentFormat.Target.Answer), Teacher = teacher })).Metrics;

        Assert.Equal(1.0, m.Accuracy.Value);
        Assert.Equal(1.0, m.TeacherAgreement);
        Assert.Null(m.RationaleRougeL);
        Assert.Equal("student:answer", m.Tasks.Template);
    }

    [Fact]
    public async Task Step_by_step_answer_head_answers_from_the_answer_prompt_and_explains_from_the_rationale_prompt()
    {
        var teacher = TeacherAnswers.From("t", Items.Select(i => new TeacherAnswer(i.Instruction, "", i.Reference, i.ReferenceRationale)));
        var source = new FakeAnswerSource(r =>
        {
            var item = Items.Single(i => r.Text!.EndsWith(i.Instruction + "\n", StringComparison.Ordinal));
            return r.Text!.StartsWith("[answer] ", StringComparison.Ordinal) ? item.Reference! : item.ReferenceRationale!;
        });
        var progress = new List<EvaluationProgress>();

        var result = await EvaluationRunner.RunAsync(source, Items,
            Options() with { Format = QuestionFormat.StepByStepAnswer(), Teacher = teacher, Progress = new SyncProgress(progress) });

        var m = result.Metrics;
        Assert.Equal(1.0, m.Accuracy.Value);
        Assert.Equal(1.0, m.RationaleRougeL);
        Assert.Equal("student:step-by-step-answer", m.Tasks.Template);
        Assert.Equal(Items.Select(i => i.ReferenceRationale), result.Predictions.Select(p => p.Rationale));
        Assert.Equal(Items.Select(i => i.Reference), result.Predictions.Select(p => p.Output));
        Assert.Equal(24, source.Requests.Count);
        // Speed covers the answers only: the short answer completions, not the rationales.
        Assert.Equal(result.Predictions.Sum(p => p.CompletionTokens), m.Speed.GeneratedTokens);
        Assert.Equal(Items.Length, m.Speed.GeneratedTokens); // FakeAnswerSource counts max(1, chars/4) tokens
        Assert.Equal(24, progress.Max(p => p.Completed));
        Assert.All(progress, p => Assert.Equal(24, p.Total));
    }

    [Fact]
    public async Task Writes_predictions_and_snake_case_metrics_that_read_back()
    {
        var source = new FakeAnswerSource(r => $"#### {Truth(r).Reference}");
        var labels = new Dictionary<string, string> { ["objective"] = "step-by-step", ["student_size"] = "0.3M" };

        var result = await EvaluationRunner.RunAsync(source, Items,
            Options() with { Labels = labels, Role = ModelRole.Teacher, TasksPath = "test.jsonl" });

        var predictions = await PredictionsFile.ReadAsync(Path.Combine(Out, "predictions.parquet"));
        Assert.Equal(result.Predictions, predictions);
        var read = await MetricsFile.ReadAsync(Path.Combine(Out, "metrics.json"));
        Assert.Equal(result.Metrics.Accuracy, read.Accuracy);
        Assert.Equal(labels.OrderBy(kv => kv.Key), read.Labels.OrderBy(kv => kv.Key));

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Out, "metrics.json")));
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("schema_version").GetInt32());
        Assert.Equal("teacher", root.GetProperty("model").GetProperty("role").GetString());
        Assert.Equal("fake-teacher", root.GetProperty("model").GetProperty("name").GetString());
        Assert.Equal("test.jsonl", root.GetProperty("tasks").GetProperty("path").GetString());
        Assert.Equal("student:cot", root.GetProperty("tasks").GetProperty("template").GetString());
        Assert.Equal(12, root.GetProperty("tasks").GetProperty("count").GetInt32());
        Assert.Equal("wilson-95", root.GetProperty("accuracy").GetProperty("method").GetString());
        foreach (var name in new[] { "value", "correct", "total", "ci_low", "ci_high" })
            Assert.True(root.GetProperty("accuracy").TryGetProperty(name, out _), name);
        foreach (var name in new[] { "generated_tokens", "tokens_per_second", "ttft_ms_p50", "ttft_ms_p95", "per_token_ms_p50",
                     "per_token_ms_p95", "wall_seconds", "parallel_sequences" })
            Assert.True(root.GetProperty("speed").TryGetProperty(name, out _), name);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("teacher_agreement").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("rationale_rouge_l").ValueKind);
        Assert.Equal(0, root.GetProperty("parse_failure_rate").GetDouble());
        Assert.Equal("step-by-step", root.GetProperty("labels").GetProperty("objective").GetString());
        Assert.True(root.GetProperty("created_at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Empty(Directory.EnumerateFiles(Out, ".*"));
    }

    [Fact]
    public async Task Keeps_at_most_the_source_parallelism_in_flight_and_reports_progress()
    {
        var gate = new TaskCompletionSource();
        var source = new FakeAnswerSource(r => $"#### {Truth(r).Reference}", parallelism: 3) { Gate = gate.Task };
        var progress = new List<EvaluationProgress>();

        var run = EvaluationRunner.RunAsync(source, Items, Options() with { Progress = new SyncProgress(progress) });
        await Task.Delay(200);
        gate.SetResult();
        var metrics = (await run).Metrics;

        Assert.Equal(3, source.MaxInFlight);
        Assert.Equal(3, metrics.Speed.ParallelSequences);
        Assert.Equal(Enumerable.Range(1, 12), progress.Select(p => p.Completed).Order());
        Assert.Equal(12, progress.Max(p => p.Correct));
    }

    [Fact]
    public async Task A_complete_eval_is_not_overwritten_unless_asked()
    {
        var source = new FakeAnswerSource(r => $"#### {Truth(r).Reference}");
        await EvaluationRunner.RunAsync(source, Items, Options());
        var before = await File.ReadAllBytesAsync(Path.Combine(Out, "metrics.json"));

        var e = await Assert.ThrowsAsync<InvalidInputException>(() => EvaluationRunner.RunAsync(source, Items, Options()));
        Assert.Contains("already holds a complete evaluation", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(Path.Combine(Out, "metrics.json")));

        var wrong = new FakeAnswerSource(_ => "#### -1");
        var again = await EvaluationRunner.RunAsync(wrong, Items, Options() with { Overwrite = true });
        Assert.Equal(0, again.Metrics.Accuracy.Correct);
        Assert.Equal(0, (await MetricsFile.ReadAsync(Path.Combine(Out, "metrics.json"))).Accuracy.Correct);
    }

    [Fact]
    public async Task An_interrupted_eval_is_not_silently_replaced()
    {
        Directory.CreateDirectory(Out);
        await File.WriteAllTextAsync(Path.Combine(Out, "predictions.parquet"), "left by a killed run");
        var source = new FakeAnswerSource(r => $"#### {Truth(r).Reference}");

        var e = await Assert.ThrowsAsync<InvalidInputException>(() => EvaluationRunner.RunAsync(source, Items, Options()));

        Assert.Contains("incomplete evaluation", e.Message, StringComparison.Ordinal);
        Assert.Contains("does not resume", e.Message, StringComparison.Ordinal);
        Assert.Empty(source.Requests);
    }

    [Fact]
    public async Task Cancellation_stops_the_run_and_writes_nothing()
    {
        using var cancel = new CancellationTokenSource();
        var source = new FakeAnswerSource(r => $"#### {Truth(r).Reference}") { Gate = new TaskCompletionSource().Task };

        var run = EvaluationRunner.RunAsync(source, Items, Options(), cancel.Token);
        await Task.Delay(100);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.False(File.Exists(Path.Combine(Out, "metrics.json")));
        Assert.False(File.Exists(Path.Combine(Out, "predictions.parquet")));
    }

    [Fact]
    public async Task An_empty_split_is_one_clear_error()
    {
        var e = await Assert.ThrowsAsync<InvalidInputException>(() =>
            EvaluationRunner.RunAsync(new FakeAnswerSource(_ => ""), [], Options() with { TasksPath = "test.jsonl" }));

        Assert.Equal("test.jsonl: the test split is empty; evaluation needs at least one question", e.Message);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public async Task Questions_without_references_are_one_clear_error()
    {
        TaskItem[] items = [Items[0], Items[1] with { Reference = null }, Items[2] with { Reference = " " }];

        var e = await Assert.ThrowsAsync<InvalidInputException>(() =>
            EvaluationRunner.RunAsync(new FakeAnswerSource(_ => ""), items, Options()));

        Assert.Equal($"2 of 3 questions have no reference answer (first: {Items[1].Id}); evaluation needs ground truth", e.Message);
    }

    private EvaluationOptions Options() => new() { OutputDirectory = Out, Format = Cot, MaxTokens = 64 };

    private static TaskItem Truth(AnswerRequest request, IReadOnlyList<TaskItem>? items = null) =>
        (items ?? Items).Single(i => request.Text == Cot.PromptText(i) || request.Text == QuestionFormat.Student(StudentFormat.Target.Answer).PromptText(i));

    public void Dispose() => _dir.Dispose();

    /// <summary>Progress&lt;T&gt; posts to the thread pool; this records synchronously.</summary>
    private sealed class SyncProgress(List<EvaluationProgress> into) : IProgress<EvaluationProgress>
    {
        public void Report(EvaluationProgress value)
        {
            lock (into)
                into.Add(value);
        }
    }
}
