using LlmDistill.Core.Errors;
using LlmDistill.Gguf.Tokenizer;
using LlmDistill.Tokenization.Bpe;
using LlmDistill.Tokenization.PreTokenization;
using LlmDistill.Tokenization.Spm;
using LlmDistill.Tokenization.Vocabulary;

namespace LlmDistill.Tokenization;

/// <summary>Validates tokenizer metadata and applies llama.cpp's per-model defaults (llama-vocab.cpp, <c>load</c>).</summary>
internal static class GgufTokenizerFactory
{
    public const string AddSpacePrefixKey = "tokenizer.ggml.add_space_prefix";

    public static GgufTokenizer Create(GgufTokenizerMetadata metadata, string name, bool addSpacePrefix, string? modelName = null)
    {
        if (metadata.FindProblem() is { } problem)
            throw new InvalidInputException($"{name}: invalid tokenizer metadata: {problem}");
        return metadata.Model switch
        {
            "gpt2" => CreateBpe(metadata, name, modelName),
            "llama" => CreateSpm(metadata, name, addSpacePrefix, modelName),
            _ => throw new InvalidInputException(
                $"{name}: tokenizer.ggml.model '{metadata.Model}' is not supported; supported: gpt2 (byte-level BPE), llama (SentencePiece)"),
        };
    }

    private static GgufTokenizer CreateBpe(GgufTokenizerMetadata metadata, string name, string? modelName)
    {
        if (!LlamaCppPreTypes.TryGet(metadata.Pre ?? "", out var preType))
        {
            throw new InvalidInputException(
                $"{name}: tokenizer.ggml.pre '{metadata.Pre ?? "(missing)"}' is not supported; supported: {string.Join(", ", LlamaCppPreTypes.Names)}");
        }
        if (metadata.Merges is null)
            throw new InvalidInputException($"{name}: tokenizer.ggml.merges is missing (a byte-level BPE vocabulary needs its merges)");

        // llama.cpp: BOS and EOS default to 11 for gpt2 vocabularies.
        var vocabulary = new LlamaVocabulary(metadata.Tokens, metadata.TokenTypes, metadata.Merges, null, modelName);
        var tokenizer = new LlamaBpeTokenizer(vocabulary, preType.Kind, preType.IgnoreMerges);
        return Finish(tokenizer, metadata, name, defaultBos: 11, defaultEos: 11, preType.AddBosByDefault);
    }

    private static GgufTokenizer CreateSpm(GgufTokenizerMetadata metadata, string name, bool addSpacePrefix, string? modelName)
    {
        var vocabulary = new LlamaVocabulary(metadata.Tokens, metadata.TokenTypes, null, metadata.Scores, modelName);
        var tokenizer = new LlamaSpmTokenizer(vocabulary, addSpacePrefix);
        return Finish(tokenizer, metadata, name, defaultBos: 1, defaultEos: 2, addBosByDefault: true);
    }

    private static GgufTokenizer Finish(LlamaVocabTokenizer tokenizer, GgufTokenizerMetadata metadata, string name, int defaultBos, int defaultEos, bool addBosByDefault)
    {
        var count = metadata.Tokens.Length;
        int? Special(int? id, int fallback)
        {
            // An id outside the vocabulary keeps llama.cpp's default.
            var chosen = id is { } v && v >= 0 && v < count ? v : fallback;
            return chosen < count ? chosen : null;
        }
        var bos = Special(metadata.BosId, defaultBos);
        var eos = Special(metadata.EosId, defaultEos);
        var addBos = metadata.AddBos ?? addBosByDefault;
        var addEos = metadata.AddEos ?? false;
        if (addBos && bos is null)
            throw new InvalidInputException($"{name}: add_bos_token is set but the vocabulary has no BOS token");
        if (addEos && eos is null)
            throw new InvalidInputException($"{name}: add_eos_token is set but the vocabulary has no EOS token");
        return new GgufTokenizer(tokenizer, metadata, bos, eos, addBos, addEos);
    }
}
