using LlmDistill.Core.Errors;
using LlmDistill.Gguf;
using LlmDistill.Gguf.Tokenizer;

namespace LlmDistill.Tokenization;

/// <summary>
/// Saves a tokenizer on its own as a vocabulary-only GGUF (no tensors), the form of llama.cpp's
/// <c>models/ggml-vocab-*.gguf</c>: llama.cpp opens it with <c>vocab_only</c>, and
/// <see cref="Load"/> reads it back. llama.cpp reads the architecture's hyper-parameters even for a
/// vocabulary, so a tiny placeholder set for <c>llama</c> is written along.
/// </summary>
public static class VocabularyGguf
{
    private const string Architecture = "llama";

    public static void Save(GgufTokenizerMetadata metadata, string path)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (metadata.FindProblem() is { } problem)
            throw new InvalidInputException($"{path}: cannot save an invalid vocabulary: {problem}");

        var writer = new GgufWriter()
            .SetString(GgufKeys.Architecture, Architecture)
            .SetString(GgufKeys.Name, "llm-distill vocabulary")
            .SetUInt32(GgufKeys.Arch(Architecture, "vocab_size"), (uint)metadata.Tokens.Length)
            .SetUInt32(GgufKeys.Arch(Architecture, "context_length"), 2048)
            .SetUInt32(GgufKeys.Arch(Architecture, "embedding_length"), 64)
            .SetUInt32(GgufKeys.Arch(Architecture, "block_count"), 1)
            .SetUInt32(GgufKeys.Arch(Architecture, "feed_forward_length"), 128)
            .SetUInt32(GgufKeys.Arch(Architecture, "attention.head_count"), 1)
            .SetUInt32(GgufKeys.Arch(Architecture, "attention.head_count_kv"), 1)
            .SetFloat32(GgufKeys.Arch(Architecture, "attention.layer_norm_rms_epsilon"), 1e-5f);
        metadata.WriteTo(writer);
        writer.Write(path);
    }

    /// <summary>The tokenizer of any GGUF (vocabulary-only or a whole model), validated.</summary>
    public static GgufTokenizer Load(string path) => GgufTokenizer.FromGguf(path);
}
