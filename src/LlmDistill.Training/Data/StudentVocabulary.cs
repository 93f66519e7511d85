using LlmDistill.Core.Prompts;
using LlmDistill.Tokenization;
using LlmDistill.Tokenization.Training;

namespace LlmDistill.Training.Data;

/// <summary>
/// A new student's own byte-level BPE vocabulary, trained on exactly the text it will see: every
/// prompt (task prefixes included) and every target of the training records. The pre-tokenizer keeps
/// digits single (llama.cpp's <c>qwen2</c> rules), so numbers stay composable while words merge.
/// </summary>
public static class StudentVocabulary
{
    public static GgufStudentTokenizer Train(IReadOnlyList<DistillRecord> records, int vocabSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var metadata = BpeTrainer.Train(Corpus(records), new BpeTrainerOptions { VocabSize = vocabSize }, cancellationToken);
        return new GgufStudentTokenizer(GgufTokenizer.FromMetadata(metadata, "student"));
    }

    private static IEnumerable<string> Corpus(IReadOnlyList<DistillRecord> records)
    {
        foreach (var r in records)
        {
            foreach (var target in Enum.GetValues<StudentFormat.Target>())
                yield return StudentFormat.Prompt(target, r.Instruction, r.Input) + StudentFormat.Completion(target, r.Answer, r.Rationale);
        }
    }
}
