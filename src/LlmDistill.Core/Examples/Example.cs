using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LlmDistill.Core.Examples;

/// <summary>
/// One teacher sample: one row of <c>data/RUN/examples/part-NNNNN.parquet</c>. Properties map one to one,
/// in order, to the snake_case columns of <see cref="ExampleColumns"/> (DESIGN.md, "Dataset schema").
/// </summary>
public sealed record Example
{
    /// <summary>Hex characters of SHA-256 kept in <see cref="Id"/>: 64 bits, so a million rows collide with
    /// odds of about 3 in 100 million.</summary>
    public const int IdLength = 16;

    /// <summary><see cref="MakeId"/> of source item, template and sample index: the resume key.</summary>
    public required string Id { get; init; }

    /// <summary>Task family of the source item, e.g. <c>arithmetic</c>.</summary>
    public required string Task { get; init; }

    public required string Instruction { get; init; }

    /// <summary>Context for the instruction; empty (never null) when there is none, as in Alpaca.</summary>
    public string Input { get; init; } = "";

    /// <summary>Ground-truth final answer, when known.</summary>
    public string? Reference { get; init; }

    /// <summary>The teacher's reasoning before the answer; null when the request failed.</summary>
    public string? Rationale { get; init; }

    /// <summary>The parsed final answer; null when none could be parsed or the request failed.</summary>
    public string? Answer { get; init; }

    /// <summary>The teacher's raw text, unparsed; null when the request failed.</summary>
    public string? Output { get; init; }

    /// <summary>Which teacher answered, e.g. <c>openai:gpt-4o-mini</c> or <c>gguf:teacher.gguf</c>. Never a URL
    /// with credentials in it.</summary>
    public required string Teacher { get; init; }

    /// <summary>The prompt template as <c>name@sha256</c> (<c>PromptTemplate.Id</c>).</summary>
    public required string Template { get; init; }

    /// <summary>0-based index of this sample among those drawn for the same item and template.</summary>
    public int SampleIndex { get; init; }

    public double Temperature { get; init; }

    /// <summary>Prompt tokens the teacher billed or counted; null when it did not say.</summary>
    public int? PromptTokens { get; init; }

    public int? CompletionTokens { get; init; }

    /// <summary>Wall-clock time of the request, retries included.</summary>
    public long LatencyMs { get; init; }

    /// <summary>The teacher's finish reason (<c>stop</c>, <c>length</c>, ...); null when the request failed.</summary>
    public string? FinishReason { get; init; }

    /// <summary>One of the <see cref="ExampleStatus"/> shapes.</summary>
    public required string Status { get; init; }

    /// <summary>Top-k alternatives per generated position, flat and ordered by position; null when not requested.</summary>
    public IReadOnlyList<TopLogprob>? TopLogprobs { get; init; }

    /// <summary>When the sample was taken, UTC; stored with microsecond precision.</summary>
    public required DateTime CreatedAt { get; init; }

    /// <summary>
    /// The stable id of a sample: the first <see cref="IdLength"/> hex digits of SHA-256 over the three parts,
    /// each length-prefixed so that no two different triples hash the same text ("a|b","c" vs "a","b|c").
    /// Pass the template's full <c>name@sha256</c>: an edited template makes new examples, not resumed ones.
    /// </summary>
    public static string MakeId(string sourceId, string templateId, int sampleIndex)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceId);
        ArgumentException.ThrowIfNullOrEmpty(templateId);
        ArgumentOutOfRangeException.ThrowIfNegative(sampleIndex);
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{sourceId.Length}:{sourceId}{templateId.Length}:{templateId}{sampleIndex}");
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return Convert.ToHexStringLower(hash)[..IdLength];
    }
}
