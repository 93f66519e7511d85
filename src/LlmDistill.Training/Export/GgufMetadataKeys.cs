using LlmDistill.Core.Prompts;

namespace LlmDistill.Training.Export;

/// <summary>Our own GGUF metadata keys, beside llama.cpp's: how the exported student was trained.</summary>
public static class GgufMetadataKeys
{
    /// <summary>Training objective: step-by-step | answer-only | cot.</summary>
    public const string Objective = "llm_distill.objective";

    /// <summary>Prompt format the student saw in training (e.g. <c>[answer] question</c> task prefixes).</summary>
    public const string Format = StudentFormat.MetadataKey;
}
