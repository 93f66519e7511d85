using LlmDistill.Core.Prompts;

namespace LlmDistill.Training.Data;

/// <summary>
/// Turns records into tokenized examples for an objective, grouped per question so that a question's
/// answer and rationale targets land in the same batch (both loss terms are measured on the same questions).
/// </summary>
public sealed class ExampleEncoder(IStudentTokenizer tokenizer, Objective objective, int contextLength)
{
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
        return new TokenizedExample(tokens, Math.Min(1 + prompt.Length, tokens.Length), target);
    }
}
