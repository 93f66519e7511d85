namespace LlmDistill.Core.Examples;

/// <summary>
/// Column names of the examples dataset, in file order. Alpaca's <c>instruction</c>, <c>input</c> and
/// <c>output</c> keep their names so that tools built for Alpaca data read ours unchanged.
/// </summary>
public static class ExampleColumns
{
    public const string Id = "id";
    public const string Task = "task";
    public const string Instruction = "instruction";
    public const string Input = "input";
    public const string Reference = "reference";
    public const string Rationale = "rationale";
    public const string Answer = "answer";
    public const string Output = "output";
    public const string Teacher = "teacher";
    public const string Template = "template";
    public const string SampleIndex = "sample_index";
    public const string Temperature = "temperature";
    public const string PromptTokens = "prompt_tokens";
    public const string CompletionTokens = "completion_tokens";
    public const string LatencyMs = "latency_ms";
    public const string FinishReason = "finish_reason";
    public const string Status = "status";
    public const string TopLogprobs = "top_logprobs";
    public const string CreatedAt = "created_at";

    /// <summary>Every column, in the order each part stores them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Id, Task, Instruction, Input, Reference, Rationale, Answer, Output, Teacher, Template, SampleIndex,
        Temperature, PromptTokens, CompletionTokens, LatencyMs, FinishReason, Status, TopLogprobs, CreatedAt,
    ];
}
