using LlmDistill.Core.Errors;
using LlmDistill.Gguf;
using LlmDistill.Gguf.Tokenizer;
using LlmDistill.Tokenization.PreTokenization;
using LlmDistill.Tokenization.Vocabulary;
using Microsoft.ML.Tokenizers;

namespace LlmDistill.Tokenization;

/// <summary>
/// The tokenizer embedded in a GGUF file, tokenizing exactly as llama.cpp does (proved against llama.cpp in
/// the tests). Supported: byte-level BPE (<c>tokenizer.ggml.model</c> = <c>gpt2</c>) with a
/// <c>tokenizer.ggml.pre</c> from <see cref="LlamaCppPreTypes"/>, and SentencePiece (<c>llama</c>).
/// Anything else is refused with one clear line. Create with <see cref="FromGguf(string)"/>.
/// </summary>
public sealed class GgufTokenizer
{
    private readonly LlamaVocabTokenizer _tokenizer;

    internal GgufTokenizer(LlamaVocabTokenizer tokenizer, GgufTokenizerMetadata metadata, int? bosId, int? eosId, bool addBos, bool addEos)
    {
        _tokenizer = tokenizer;
        Metadata = metadata;
        BosId = bosId;
        EosId = eosId;
        AddBos = addBos;
        AddEos = addEos;
        var vocabulary = tokenizer.Vocabulary;
        SpecialTokens = vocabulary.Partitioned
            .GroupBy(id => vocabulary.Tokens[id], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Max(), StringComparer.Ordinal);
    }

    /// <summary>The Microsoft.ML.Tokenizers view (parses special-token text, adds no BOS/EOS).</summary>
    public Tokenizer Tokenizer => _tokenizer;

    /// <summary>The <c>tokenizer.ggml.*</c> metadata this tokenizer was built from; write it into a GGUF to embed it.</summary>
    public GgufTokenizerMetadata Metadata { get; }

    /// <summary><c>gpt2</c> (byte-level BPE) or <c>llama</c> (SentencePiece).</summary>
    public string Model => Metadata.Model;

    /// <summary>The <c>tokenizer.ggml.pre</c> value (null for SentencePiece).</summary>
    public string? Pre => Metadata.Pre;

    public int VocabSize => _tokenizer.Vocabulary.Count;

    public int? BosId { get; }

    public int? EosId { get; }

    /// <summary>Whether <see cref="Encode"/> with addSpecial puts BOS first (<c>add_bos_token</c>, else llama.cpp's default).</summary>
    public bool AddBos { get; }

    /// <summary>Whether <see cref="Encode"/> with addSpecial puts EOS last (<c>add_eos_token</c>, default false).</summary>
    public bool AddEos { get; }

    /// <summary>Control, unknown and user-defined tokens by text: the ones cut out of raw text.</summary>
    public IReadOnlyDictionary<string, int> SpecialTokens { get; }

    /// <summary>Reads and validates the tokenizer of a GGUF file.</summary>
    public static GgufTokenizer FromGguf(string path) => FromGguf(GgufFile.Read(path));

    /// <summary>Validates and builds the tokenizer of an opened GGUF file.</summary>
    public static GgufTokenizer FromGguf(GgufFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!file.ContainsKey(GgufKeys.TokenizerModel))
            throw new InvalidInputException($"{file.FileName}: has no tokenizer (metadata key '{GgufKeys.TokenizerModel}' not found)");
        var addSpacePrefix = file.GetBoolOrDefault(GgufTokenizerFactory.AddSpacePrefixKey, true);
        return GgufTokenizerFactory.Create(GgufTokenizerMetadata.ReadFrom(file), file.FileName, addSpacePrefix, file.GetStringOrDefault(GgufKeys.Name));
    }

    /// <summary>Validates and builds a tokenizer from <c>tokenizer.ggml.*</c> metadata (e.g. a freshly trained vocabulary).</summary>
    public static GgufTokenizer FromMetadata(GgufTokenizerMetadata metadata, string name = "tokenizer") =>
        GgufTokenizerFactory.Create(metadata ?? throw new ArgumentNullException(nameof(metadata)), name, addSpacePrefix: true);

    /// <summary>
    /// Token ids of <paramref name="text"/>, as llama.cpp's <c>llama_tokenize</c> gives them.
    /// <paramref name="addSpecial"/> adds BOS/EOS where the vocabulary asks for them;
    /// <paramref name="parseSpecial"/> turns control-token text (<c>&lt;|endoftext|&gt;</c>) into its token.
    /// </summary>
    public int[] Encode(string text, bool addSpecial = true, bool parseSpecial = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var body = _tokenizer.EncodeToIds(text, parseSpecial);
        if (!addSpecial || (!AddBos && !AddEos))
            return body;
        var ids = new List<int>(body.Length + 2);
        if (AddBos)
            ids.Add(BosId!.Value);
        ids.AddRange(body);
        if (AddEos)
            ids.Add(EosId!.Value);
        return [.. ids];
    }

    /// <summary>Text of <paramref name="ids"/>; control tokens are rendered only when <paramref name="includeSpecial"/>.</summary>
    public string Decode(IEnumerable<int> ids, bool includeSpecial = false)
    {
        var text = _tokenizer.Decode(ids, includeSpecial);
        // SentencePiece: the space prefixed at encoding is not part of the text (llama_detokenize).
        return _tokenizer is Spm.LlamaSpmTokenizer { AddSpacePrefix: true } && text.StartsWith(' ') ? text[1..] : text;
    }

    /// <summary>The token's text as stored in the vocabulary (GPT-2 byte-unicode or U+2581 form for normal tokens).</summary>
    public string TokenText(int id) =>
        (uint)id < (uint)VocabSize ? _tokenizer.Vocabulary.Tokens[id] : throw new ArgumentOutOfRangeException(nameof(id));
}
