namespace LlmDistill.Evaluation.Sources;

/// <summary>
/// An answer source made of a function: how the CLI evaluates an HTTP teacher through the generator's client
/// (Evaluation does not reference Generation). The function sees each <see cref="AnswerRequest"/>
/// (<see cref="AnswerRequest.AsMessages"/> gives the chat an OpenAI-style client needs) and returns the text with
/// what it knows of tokens and timings; the runner parses and scores it exactly as it does a GGUF's. A request that
/// failed for good is reported by throwing <see cref="Core.Errors.ExternalServiceException"/> or by returning a
/// completion whose finish reason starts with <see cref="EvaluationRunner.FailedPrefix"/>: it is recorded as a
/// failed, wrong answer and the evaluation goes on.
/// </summary>
/// <example>
/// <code>
/// var source = new DelegateAnswerSource(new ModelDescription(teacher.Name), parallelism: 8, async (r, ct) =>
/// {
///     var clock = Stopwatch.StartNew();
///     try
///     {
///         var response = await teacher.CompleteAsync(new TeacherRequest(r.AsMessages())
///             { Temperature = r.Temperature, MaxTokens = r.MaxTokens, Stop = r.StopStrings }, ct);
///         return new AnswerCompletion(response.Text, response.FinishReason, response.PromptTokens,
///             response.CompletionTokens ?? 0, clock.Elapsed.TotalMilliseconds);
///     }
///     catch (TeacherException e) // after the resilience pipeline gave up
///     {
///         return new AnswerCompletion("", EvaluationRunner.FailedPrefix + e.Reason, null, 0, clock.Elapsed.TotalMilliseconds);
///     }
/// });
/// </code>
/// </example>
public sealed class DelegateAnswerSource : IAnswerSource
{
    private readonly Func<AnswerRequest, CancellationToken, Task<AnswerCompletion>> _complete;
    private readonly Func<ValueTask>? _dispose;

    public DelegateAnswerSource(ModelDescription model, int parallelism,
        Func<AnswerRequest, CancellationToken, Task<AnswerCompletion>> complete, Func<ValueTask>? dispose = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        ArgumentNullException.ThrowIfNull(complete);
        Model = model;
        Parallelism = parallelism;
        _complete = complete;
        _dispose = dispose;
    }

    public ModelDescription Model { get; }

    public int Parallelism { get; }

    public Task<AnswerCompletion> CompleteAsync(AnswerRequest request, CancellationToken cancellationToken) =>
        _complete(request, cancellationToken);

    public ValueTask DisposeAsync() => _dispose?.Invoke() ?? ValueTask.CompletedTask;
}
