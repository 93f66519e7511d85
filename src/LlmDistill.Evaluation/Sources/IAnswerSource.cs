namespace LlmDistill.Evaluation.Sources;

/// <summary>
/// Anything that answers evaluation prompts: a GGUF through llama.cpp (<see cref="GgufAnswerSource"/>), or an
/// HTTP teacher that the CLI adapts from the generator's client. The runner keeps at most
/// <see cref="Parallelism"/> requests in flight and scores every source's completions with the same parser.
/// </summary>
public interface IAnswerSource : IAsyncDisposable
{
    /// <summary>What was evaluated; goes into metrics.json's <c>model</c> section.</summary>
    ModelDescription Model { get; }

    /// <summary>Requests to keep in flight (a GGUF's parallel sequences; an HTTP teacher's concurrency).</summary>
    int Parallelism { get; }

    /// <summary>Answers one prompt. Throw <see cref="Core.Errors.LlmDistillException"/> for failures a user should see.</summary>
    Task<AnswerCompletion> CompleteAsync(AnswerRequest request, CancellationToken cancellationToken);
}
