using LlmDistill.Core.Prompts;

namespace LlmDistill.Training.Data;

/// <summary>
/// Turns records into tokenized examples for an objective, grouped per question so that a question's
/// answer and rationale targets land in the same batch (both loss terms are measured on the same questions).
/// </summary>
public sealed class ExampleEncoder(IStudentTokenizer tokenizer, Objective objective, int contextLength)
{
    /// <summary>Examples that came with teacher distributions, for token KD.</summary>
    public int TeacherOffered { get; private set; }

    /// <summary>Of those, the ones whose teacher tokens are exactly the student's target tokens.</summary>
    public int TeacherAligned { get; private set; }

    /// <summary>One group per record; a record without a rationale yields no rationale (or CoT) target.</summary>
    public IReadOnlyList<IReadOnlyList<TokenizedExample>> Encode(IEnumerable<DistillRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var groups = new List<IReadOnlyList<TokenizedExample>>();
        foreach (var record in records)
        {
            var group = new List<TokenizedExample>(2);
            foreach (var target in objective.Targets)
            {
                if (target != StudentFormat.Target.Answer && string.IsNullOrWhiteSpace(record.Rationale))
                    continue;
                group.Add(EncodeOne(record, target));
            }
            if (group.Count > 0)
                groups.Add(group);
        }
        return groups;
    }

    public TokenizedExample EncodeOne(DistillRecord record, StudentFormat.Target target)
    {
        ArgumentNullException.ThrowIfNull(record);
        var prompt = tokenizer.Encode(StudentFormat.Prompt(target, record.Instruction, record.Input));
        var completion = tokenizer.Encode(StudentFormat.Completion(target, record.Answer, record.Rationale));
        // A sequence of T+1 tokens gives T (input, next-token) pairs: the model sees at most contextLength.
        var tokens = new int[Math.Min(1 + prompt.Length + completion.Length + 1, contextLength + 1)];
        var all = new[] { tokenizer.BosId }.Concat(prompt).Concat(completion).Append(tokenizer.EosId);
        var i = 0;
        foreach (var token in all.Take(tokens.Length))
            tokens[i++] = token;
        var promptLength = Math.Min(1 + prompt.Length, tokens.Length);
        return new TokenizedExample(tokens, promptLength, target) { Teacher = TeacherFor(record, target, completion, tokens.Length - promptLength) };
    }

    // The teacher's distributions apply only where its output is, token for token, the student's target:
    // the chain-of-thought target, read with the same vocabulary. Anything else is trained on hard labels.
    private TeacherPosition[]? TeacherFor(DistillRecord record, StudentFormat.Target target, int[] completion, int kept)
    {
        if (objective.Kd is not { } kd || target != StudentFormat.Target.ChainOfThought || record.Teacher is not { } teacher)
            return null;
        TeacherOffered++;
        var expected = completion.Append(tokenizer.EosId).ToArray();
        // Each target token must be among the teacher's alternatives at its position: true of the teacher's own
        // tokens, and false at once when the vocabularies differ or the text was re-tokenized differently.
        if (teacher.Count < expected.Length || !expected.Select((id, j) => Array.IndexOf(teacher[j].Ids, id) >= 0).All(x => x))
            return null;
        TeacherAligned++;
        return [.. teacher.Take(Math.Min(kept, expected.Length)).Select(p => new TeacherPosition(p.Ids[..Math.Min(kd.TopK, p.Ids.Length)],
            p.Logprobs[..Math.Min(kd.TopK, p.Logprobs.Length)]))];
    }
}
