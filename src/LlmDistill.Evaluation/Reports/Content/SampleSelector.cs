using System.Text;
using LlmDistill.Evaluation.Reports.Input;

namespace LlmDistill.Evaluation.Reports.Content;

/// <summary>
/// Picks answers to show without randomness: questions are ordered by a hash of their text (FNV-1a), so the same
/// predictions always give the same sample, and runs scored on the same test split show the same questions
/// wherever their outcomes allow — which makes the students easy to compare side by side.
/// </summary>
internal static class SampleSelector
{
    public static SampleSet Select(EvaluatedRun run, int perKind)
    {
        var ordered = run.Predictions
            .Select((p, i) => (p, i, key: Hash(p.Instruction + "\u001f" + p.Input)))
            .OrderBy(x => x.key)
            .ThenBy(x => x.i)
            .Select(x => x.p)
            .ToList();
        return new SampleSet(run,
            ordered.Where(p => p.Correct).Take(perKind).ToList(),
            ordered.Where(p => !p.Correct).Take(perKind).ToList());
    }

    internal static ulong Hash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return hash;
    }
}
