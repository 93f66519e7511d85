using System.Diagnostics;
using LlmDistill.Core.Answers;
using LlmDistill.Core.Errors;
using LlmDistill.Core.Tasks;
using LlmDistill.Core.Text;
using LlmDistill.Evaluation.Metrics;
using LlmDistill.Evaluation.Output;
using LlmDistill.Evaluation.Sources;

namespace LlmDistill.Evaluation;

/// <summary>
/// Runs a model on a test split and writes <c>predictions.parquet</c> and <c>metrics.json</c>: every question is
/// prompted through the same <see cref="Prompts.QuestionFormat"/>, answered by an <see cref="IAnswerSource"/>
/// (at most <see cref="IAnswerSource.Parallelism"/> in flight, so a GGUF decodes that many sequences per batch),
/// parsed, and scored by exact match against the reference. Inputs are checked before any model is loaded;
/// nothing is written unless every question was answered, and cancellation leaves the directory as it was.
/// </summary>
public static class EvaluationRunner
{
    /// <summary>Start of <c>finish_reason</c> for a request the source gave up on: <c>failed:REASON</c>.</summary>
    public const string FailedPrefix = "failed:";

    /// <summary>Evaluates the GGUF at <paramref name="modelPath"/> through llama.cpp.</summary>
    /// <exception cref="InvalidInputException">No items, items without references, an existing eval in the output
    /// directory, or a missing or corrupt model.</exception>
    public static async Task<EvaluationResult> RunGgufAsync(string modelPath, IReadOnlyList<TaskItem> items, EvaluationOptions options,
        GgufAnswerSourceOptions? gguf = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        Validate(items, options);
        var peakScope = PeakMemory.TryReset() ? "eval" : "process";
        var source = GgufAnswerSource.Load(modelPath, gguf);
        await using (source.ConfigureAwait(false))
            return await RunCoreAsync(source, items, options, peakScope, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Evaluates any answer source (an HTTP teacher adapted by the caller, a test double).</summary>
    /// <exception cref="InvalidInputException">No items, items without references, or an existing eval in the output directory.</exception>
    public static async Task<EvaluationResult> RunAsync(IAnswerSource source, IReadOnlyList<TaskItem> items, EvaluationOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        Validate(items, options);
        var peakScope = PeakMemory.TryReset() ? "eval" : "process";
        return await RunCoreAsync(source, items, options, peakScope, cancellationToken).ConfigureAwait(false);
    }

    private static void Validate(IReadOnlyList<TaskItem> items, EvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(options);
        var where = options.TasksPath is null ? "" : $"{options.TasksPath}: ";
        if (items.Count == 0)
            throw new InvalidInputException($"{where}the test split is empty; evaluation needs at least one question");
        var missing = items.Where(i => string.IsNullOrWhiteSpace(i.Reference)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidInputException(
                $"{where}{missing.Count} of {items.Count} questions have no reference answer (first: {missing[0].Id}); evaluation needs ground truth");
        }
        EvaluationDirectory.EnsureWritable(options.OutputDirectory, options.Overwrite);
    }

    private static async Task<EvaluationResult> RunCoreAsync(IAnswerSource source, IReadOnlyList<TaskItem> items, EvaluationOptions options,
        string peakScope, CancellationToken cancellationToken)
    {
        // Build every prompt first: a template error should stop the run before any generation.
        var requests = items.Select(item => Request(options.Format.PromptText(item), item, options)).ToArray();
        var rationaleRequests = items.Select(item => options.Format.RationalePromptText(item) is { } text ? Request(text, item, options) : null)
            .ToArray();
        var parallel = Math.Max(1, source.Parallelism);
        var total = items.Count + rationaleRequests.Count(r => r is not null);
        int completed = 0, correct = 0;

        // Answers first, timed on their own: they are what the speed metrics describe.
        var clock = Stopwatch.StartNew();
        var completions = await RunAllAsync(source, requests, parallel, (i, completion) =>
        {
            var right = AnswerParser.AreEquivalent(options.Format.Parse(completion.Text).Answer, items[i].Reference);
            var c = right ? Interlocked.Increment(ref correct) : Volatile.Read(ref correct);
            options.Progress?.Report(new EvaluationProgress(Interlocked.Increment(ref completed), total, c));
        }, cancellationToken).ConfigureAwait(false);
        var wall = clock.Elapsed;
        var rationales = await RunAllAsync(source, rationaleRequests, parallel, (_, _) =>
            options.Progress?.Report(new EvaluationProgress(Interlocked.Increment(ref completed), total, Volatile.Read(ref correct))),
            cancellationToken).ConfigureAwait(false);

        var predictions = items.Select((item, i) => Score(item, completions[i]!, rationales[i], options)).ToArray();
        var metrics = Summarize(source, items, predictions, options, wall, parallel, peakScope);
        await EvaluationDirectory.CommitAsync(options.OutputDirectory, predictions, metrics, options.Overwrite, cancellationToken)
            .ConfigureAwait(false);
        return new EvaluationResult(options.OutputDirectory, metrics, predictions);
    }

    /// <summary>Completes every non-null request, at most <paramref name="parallel"/> at a time; results by index.</summary>
    private static async Task<AnswerCompletion?[]> RunAllAsync(IAnswerSource source, AnswerRequest?[] requests, int parallel,
        Action<int, AnswerCompletion> onCompleted, CancellationToken cancellationToken)
    {
        var completions = new AnswerCompletion?[requests.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, requests.Length).Where(i => requests[i] is not null),
            new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var completion = await CompleteAsync(source, requests[i]!, token).ConfigureAwait(false);
                completions[i] = completion;
                onCompleted(i, completion);
            }).ConfigureAwait(false);
        return completions;
    }

    /// <summary>
    /// One answer. A request the source gave up on (an HTTP teacher after its retries) is recorded as a failed,
    /// wrong answer rather than ending a long evaluation; anything else (a bad prompt, a bug) ends it.
    /// </summary>
    private static async Task<AnswerCompletion> CompleteAsync(IAnswerSource source, AnswerRequest request, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return await source.CompleteAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ExternalServiceException e)
        {
            var reason = e.Message.Split('\n', 2)[0].Trim();
            return new AnswerCompletion("", FailedPrefix + (reason.Length > 120 ? reason[..120] : reason), null, 0,
                Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }

    private static AnswerRequest Request(string? text, TaskItem item, EvaluationOptions options) =>
        new()
        {
            Text = text,
            Messages = text is null ? options.Format.Chat(item) : null,
            MaxTokens = options.MaxTokens,
            Temperature = options.Temperature,
            Seed = options.Seed,
            StopStrings = options.StopStrings,
        };

    private static Prediction Score(TaskItem item, AnswerCompletion completion, AnswerCompletion? rationale, EvaluationOptions options)
    {
        var parsed = options.Format.Parse(completion.Text);
        if (rationale is not null)
            parsed = parsed with { Rationale = rationale.Text.Trim() };
        var teacher = options.Teacher?.Find(item.Instruction, item.Input);
        var teacherAnswer = teacher?.Answer;
        return new Prediction
        {
            Id = item.Id,
            Task = item.Task,
            Instruction = item.Instruction,
            Input = item.Input,
            Reference = item.Reference!,
            Rationale = parsed.Rationale,
            Answer = parsed.Answer,
            Output = completion.Text,
            Correct = AnswerParser.AreEquivalent(parsed.Answer, item.Reference),
            ParseFailed = !parsed.Succeeded,
            FinishReason = completion.FinishReason,
            PromptTokens = completion.PromptTokens,
            CompletionTokens = completion.CompletionTokens,
            TtftMs = completion.TimeToFirstTokenMs,
            PerTokenMs = completion.PerTokenMs,
            LatencyMs = completion.TotalMs,
            TeacherAnswer = teacherAnswer,
            TeacherRationale = teacher?.Rationale,
            // A student that gave no answer disagrees with a teacher that gave one.
            TeacherAgrees = teacherAnswer is null ? null : AnswerParser.AreEquivalent(parsed.Answer, teacherAnswer),
            RationaleRougeL = options.Format.HasRationale && !string.IsNullOrWhiteSpace(teacher?.Rationale)
                ? RougeL.Score(parsed.Rationale, teacher.Rationale)
                : null,
        };
    }

    private static EvaluationMetrics Summarize(IAnswerSource source, IReadOnlyList<TaskItem> items, Prediction[] predictions,
        EvaluationOptions options, TimeSpan wall, int parallel, string peakScope)
    {
        var total = predictions.Length;
        var generated = predictions.Sum(p => (long)p.CompletionTokens);
        var compared = predictions.Where(p => p.TeacherAgrees is not null).ToList();
        var rouge = predictions.Where(p => p.RationaleRougeL is not null).Select(p => p.RationaleRougeL!.Value).ToList();
        var ttft = predictions.Where(p => p.TtftMs is not null).Select(p => p.TtftMs!.Value).ToList();
        var perToken = predictions.Where(p => p.PerTokenMs is not null).Select(p => p.PerTokenMs!.Value).ToList();
        var model = source.Model;
        return new EvaluationMetrics
        {
            Model = new ModelMetrics
            {
                Name = model.Name,
                Path = model.Path,
                Role = options.Role,
                FileBytes = model.FileBytes,
                Parameters = model.Parameters,
                Architecture = model.Architecture,
                TensorType = model.TensorType,
            },
            Tasks = new TaskMetrics { Path = options.TasksPath, Template = options.Format.Name, Count = items.Count },
            Accuracy = AccuracyMetrics.From(predictions.Count(p => p.Correct), total),
            ParseFailureRate = (double)predictions.Count(p => p.ParseFailed) / total,
            FailedRequests = predictions.Count(p => p.FinishReason.StartsWith(FailedPrefix, StringComparison.Ordinal)),
            TeacherAgreement = compared.Count == 0 ? null : (double)compared.Count(p => p.TeacherAgrees == true) / compared.Count,
            RationaleRougeL = rouge.Count == 0 ? null : rouge.Average(),
            Teacher = options.Teacher is null ? null : new TeacherMetrics
            {
                Source = options.Teacher.Source,
                Matched = items.Count(i => options.Teacher.Find(i.Instruction, i.Input) is not null),
                Compared = compared.Count,
                Agreed = compared.Count(p => p.TeacherAgrees == true),
            },
            Speed = new SpeedMetrics
            {
                GeneratedTokens = generated,
                TokensPerSecond = wall.TotalSeconds > 0 ? generated / wall.TotalSeconds : 0,
                TtftMsP50 = Percentile.Of(ttft, 50),
                TtftMsP95 = Percentile.Of(ttft, 95),
                PerTokenMsP50 = Percentile.Of(perToken, 50),
                PerTokenMsP95 = Percentile.Of(perToken, 95),
                WallSeconds = wall.TotalSeconds,
                ParallelSequences = parallel,
            },
            // Through decimal so that 0.7f is written as 0.7, not 0.699999988079071.
            Sampling = new SamplingMetrics { Temperature = (double)(decimal)options.Temperature, Seed = options.Seed, MaxTokens = options.MaxTokens },
            PeakRssBytes = PeakMemory.ReadPeakRssBytes(),
            PeakRssScope = peakScope,
            Labels = new Dictionary<string, string>(options.Labels, StringComparer.Ordinal),
            CreatedAt = DateTimeOffset.UtcNow,
        };
    }
}
