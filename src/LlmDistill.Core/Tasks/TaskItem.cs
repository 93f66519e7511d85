using System.Security.Cryptography;
using System.Text;

namespace LlmDistill.Core.Tasks;

/// <summary>
/// One question for the teacher, Alpaca-shaped: an <see cref="Instruction"/>, an optional
/// <see cref="Input"/>, and the ground truth when it is known.
/// </summary>
/// <param name="Id">Stable identifier of the source item (a hash or the source's own id).</param>
/// <param name="Task">The task family, e.g. <c>arithmetic</c> or <c>alpaca</c>.</param>
/// <param name="Instruction">The question or instruction.</param>
/// <param name="Input">Optional context for the instruction; empty when there is none.</param>
/// <param name="Reference">The ground-truth final answer, when known.</param>
/// <param name="ReferenceRationale">The ground-truth step-by-step rationale, when known.</param>
public sealed record TaskItem(
    string Id,
    string Task,
    string Instruction,
    string Input = "",
    string? Reference = null,
    string? ReferenceRationale = null)
{
    /// <summary>
    /// A stable id for an item that has none: the same task, instruction and input always give the same
    /// id, so a re-imported file resumes where it stopped.
    /// </summary>
    public static string MakeId(string task, string instruction, string input)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{task}\u0000{instruction}\u0000{input}"));
        return $"{task}-{Convert.ToHexStringLower(hash.AsSpan(0, 8))}";
    }
}
