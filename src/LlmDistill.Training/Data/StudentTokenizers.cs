using LlmDistill.Core.Errors;
using LlmDistill.Tokenization;

namespace LlmDistill.Training.Data;

/// <summary>Reads back the tokenizer a checkpoint saved (<see cref="IStudentTokenizer.Save"/>).</summary>
public static class StudentTokenizers
{
    public static IStudentTokenizer Load(string checkpointDirectory)
    {
        var gguf = Path.Combine(checkpointDirectory, GgufStudentTokenizer.FileName);
        if (File.Exists(gguf))
            return new GgufStudentTokenizer(VocabularyGguf.Load(gguf));
        var json = Path.Combine(checkpointDirectory, ByteTokenizer.FileName);
        if (File.Exists(json) && File.ReadAllText(json).Contains("\"bytes\"", StringComparison.Ordinal))
            return new ByteTokenizer();
        throw new InvalidInputException($"{checkpointDirectory}: no tokenizer ({GgufStudentTokenizer.FileName} or {ByteTokenizer.FileName})");
    }
}
