namespace LlmDistill.Generation.Teachers;

/// <summary>
/// A model that answers prompts: an OpenAI-compatible endpoint, Azure OpenAI, or a local GGUF. Calls may
/// come concurrently; an implementation batches or queues them as it sees fit. Failures are thrown as
/// <see cref="TeacherException"/> so that the resilience pipeline can decide what to retry.
/// </summary>
public interface ITeacher : IAsyncDisposable
{
    /// <summary>What goes into the <c>teacher</c> column, e.g. <c>openai:gpt-4o-mini</c>. Never a secret.</summary>
    string Name { get; }

    Task<TeacherResponse> CompleteAsync(TeacherRequest request, CancellationToken cancellationToken);
}
