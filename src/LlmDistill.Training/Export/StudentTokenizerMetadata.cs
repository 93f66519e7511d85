using LlmDistill.Core.Errors;
using LlmDistill.Gguf.Tokenizer;
using LlmDistill.Training.Data;

namespace LlmDistill.Training.Export;

/// <summary>The <c>tokenizer.ggml.*</c> metadata that makes llama.cpp tokenize exactly as a student tokenizer does.</summary>
public static class StudentTokenizerMetadata
{
    public const string PadToken = "<|pad|>";

    public static GgufTokenizerMetadata For(IStudentTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        return tokenizer switch
        {
            GgufStudentTokenizer gguf => gguf.Inner.Metadata,
            ByteTokenizer => ForBytes(),
            _ => throw new InvalidInputException($"cannot export a {tokenizer.GetType().Name}: no GGUF tokenizer metadata for it"),
        };
    }

    /// <summary>
    /// <see cref="ByteTokenizer"/> as a byte-level BPE ("gpt2") vocabulary without merges: ids 0–255 are the
    /// bytes (so llama.cpp splits text into bytes, as the student does), then BOS 256, EOS 257, PAD 258.
    /// </summary>
    public static GgufTokenizerMetadata ForBytes()
    {
        var bytes = ByteLevelBpeVocabulary.Create(merges: []);
        if (bytes.BosId != ByteTokenizer.Bos || bytes.EosId != ByteTokenizer.Eos)
            throw new InvalidOperationException("byte-level vocabulary layout changed: BOS/EOS no longer follow the 256 bytes");
        return bytes with
        {
            Tokens = [.. bytes.Tokens, PadToken],
            TokenTypes = [.. bytes.TokenTypes, (int)GgufTokenType.Control],
            PadId = ByteTokenizer.Pad,
        };
    }
}
