using LlmDistill.Core.Errors;
using LlmDistill.Gguf;

namespace LlmDistill.Training.Export;

/// <summary>How a student is written to GGUF.</summary>
public sealed record GgufExportOptions
{
    /// <summary>Weight storage: F32, F16 or Q8_0 (norms always stay F32; Q8_0 rows not a multiple of 32 fall back to F16).</summary>
    public GgufTensorType WeightType { get; init; } = GgufTensorType.F32;

    /// <summary><c>general.name</c>.</summary>
    public string Name { get; init; } = "llm-distill-student";

    /// <summary>How the student was trained (<c>llm_distill.objective</c>: step-by-step | answer-only | cot), when known.</summary>
    public string? Objective { get; init; }

    /// <summary>The prompt format the student was trained on (<c>llm_distill.format</c>), when known, so <c>eval</c> can use it.</summary>
    public string? Format { get; init; }

    /// <summary>The CLI spellings of <see cref="WeightType"/>.</summary>
    public static IReadOnlyList<string> TypeNames { get; } = ["f32", "f16", "q8_0"];

    /// <summary>Parses f32 | f16 | q8_0 (case-insensitive); anything else is an <see cref="InvalidInputException"/>.</summary>
    public static GgufTensorType ParseType(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "f32" => GgufTensorType.F32,
        "f16" => GgufTensorType.F16,
        "q8_0" or "q8" => GgufTensorType.Q8_0,
        _ => throw new InvalidInputException($"unknown export type '{name}' (known: {string.Join(", ", TypeNames)})"),
    };
}
