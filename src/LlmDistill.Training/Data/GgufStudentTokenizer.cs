using LlmDistill.Core.Errors;
using LlmDistill.Tokenization;

namespace LlmDistill.Training.Data;

/// <summary>
/// A GGUF vocabulary (trained by the Tokenization project's BPE trainer, or a pretrained model's) as a
/// student tokenizer. Saved as a vocabulary-only <c>tokenizer.gguf</c>, the same metadata the exported
/// student GGUF embeds, so llama.cpp tokenizes evaluation prompts exactly as training did.
/// </summary>
public sealed class GgufStudentTokenizer : IStudentTokenizer
{
    public const string FileName = "tokenizer.gguf";

    private readonly GgufTokenizer _inner;

    public GgufStudentTokenizer(GgufTokenizer inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (inner.BosId is null || inner.EosId is null)
            throw new InvalidInputException("student tokenizer: the vocabulary needs both a BOS and an EOS token");
        _inner = inner;
    }

    /// <summary>The wrapped tokenizer (its metadata goes into the exported GGUF).</summary>
    public GgufTokenizer Inner => _inner;

    public int VocabSize => _inner.VocabSize;
    public int BosId => _inner.BosId!.Value;
    public int EosId => _inner.EosId!.Value;

    // Data text never turns into control tokens: a question containing "<|eos|>" stays text.
    public int[] Encode(string text) => _inner.Encode(text, addSpecial: false, parseSpecial: false);

    public string Decode(ReadOnlySpan<int> ids) => _inner.Decode(ids.ToArray());

    public void Save(string directory) => VocabularyGguf.Save(_inner.Metadata, Path.Combine(directory, FileName));
}
