using LlmDistill.Tokenization.Training;

namespace LlmDistill.Tokenization.Tests;

/// <summary>A vocabulary trained on a synthetic corpus and saved as a vocabulary-only GGUF, shared by a test class.</summary>
public sealed class TrainedVocabularyFixture : IDisposable
{
    public TrainedVocabularyFixture()
    {
        Options = new BpeTrainerOptions { VocabSize = 3000, ExtraSpecialTokens = ["[answer]", "[rationale]"] };
        Metadata = BpeTrainer.Train(Corpus.Generate(3000, seed: 7).Concat(Corpus.LlamaCppText(1_000_000)), Options);
        Directory.CreateDirectory(Folder);
        VocabularyGguf.Save(Metadata, Path);
    }

    public BpeTrainerOptions Options { get; }

    public LlmDistill.Gguf.Tokenizer.GgufTokenizerMetadata Metadata { get; }

    public string Folder { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "llm-distill-tokenization-" + Guid.NewGuid().ToString("N"));

    public string Path => System.IO.Path.Combine(Folder, "trained-vocab.gguf");

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
