namespace LlmDistill.Training.Data;

/// <summary>
/// What training needs from a tokenizer. Adapters wrap the Tokenization project's tokenizers;
/// <see cref="ByteTokenizer"/> is the dependency-free one for tests and benchmarks.
/// </summary>
public interface IStudentTokenizer
{
    /// <summary>Number of token ids, special tokens included (the model's vocab_size).</summary>
    int VocabSize { get; }

    /// <summary>Id prepended to every training sequence.</summary>
    int BosId { get; }

    /// <summary>Id that ends every target; generation stops at it.</summary>
    int EosId { get; }

    /// <summary>Ids of <paramref name="text"/> without BOS/EOS; special-token text is not parsed.</summary>
    int[] Encode(string text);

    string Decode(ReadOnlySpan<int> ids);

    /// <summary>Writes what it takes to rebuild this tokenizer into <paramref name="directory"/> (a checkpoint).</summary>
    void Save(string directory);
}
