using System.Text;
using LlmDistill.Gguf.Tokenizer;

namespace LlmDistill.Tokenization.Vocabulary;

/// <summary>
/// A vocabulary as llama.cpp loads it (llama-vocab.cpp, <c>llama_vocab::impl::load</c>): token text to id
/// (a later duplicate wins), BPE merge ranks (an earlier duplicate wins), scores (SentencePiece), token types
/// with llama.cpp's overrides for control-looking tokens, and the special tokens it cuts out of raw
/// text, longest first.
/// </summary>
internal sealed class LlamaVocabulary
{
    // Tokens llama.cpp forces to CONTROL by their text (EOT/EOG/FIM auto-detection), even when typed NORMAL.
    private static readonly HashSet<string> ControlLooking =
    [
        "<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "<|end_of_text|>", "<EOT>", "_<EOT>",
        "[EOT]", "[EOS]", "<｜end▁of▁sentence｜>", "<end_of_utterance>", "<|eom_id|>", "<|return|>", "<|call|>",
        "<|flush|>", "<|calls|>", "</s>", "<eos>", "<turn|>", "<|tool_response>", "[e~[",
        "<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>", "<｜fim▁begin｜>", "<PRE>", "▁<PRE>", "<|code_prefix|>", "<|prefix|>",
        "<|fim_suffix|>", "<fim-suffix>", "<fim_suffix>", "<｜fim▁hole｜>", "<SUF>", "▁<SUF>", "<|code_suffix|>", "<|suffix|>",
        "<|fim_middle|>", "<fim-middle>", "<fim_middle>", "<｜fim▁end｜>", "<MID>", "▁<MID>", "<|code_middle|>", "<|middle|>",
        "<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>", "[PAD]", "<|fim_repo|>", "<fim-repo>", "<REP>", "<|repo_name|>",
        "<REPO>", "<reponame>", "<|file_sep|>",
    ];

    // gpt-oss: llama.cpp always renders these as user-defined.
    private static readonly HashSet<string> ForcedUserDefined = ["<|channel|>", "<|message|>", "<|start|>", "<|constrain|>"];

    public LlamaVocabulary(IReadOnlyList<string> tokens, IReadOnlyList<int>? types, IReadOnlyList<string>? merges, IReadOnlyList<float>? scores, string? modelName = null)
    {
        Tokens = new string[tokens.Count];
        Types = new GgufTokenType[tokens.Count];
        TokenToId = new Dictionary<string, int>(tokens.Count, StringComparer.Ordinal);
        for (var id = 0; id < tokens.Count; id++)
        {
            var text = tokens[id];
            if (string.IsNullOrEmpty(text))
                text = "[EMPTY_" + id + "]";
            Tokens[id] = text;
            Types[id] = types is null ? GgufTokenType.Normal : (GgufTokenType)types[id];
            TokenToId[text] = id;
        }
        foreach (var (text, id) in TokenToId)
        {
            if (ControlLooking.Contains(text) && Types[id] != GgufTokenType.Control)
                Types[id] = GgufTokenType.Control;
            if (ForcedUserDefined.Contains(text))
                Types[id] = GgufTokenType.UserDefined;
        }

        Scores = scores is null ? new float[tokens.Count] : [.. scores];
        merges ??= [];
        Ranks = new Dictionary<(string, string), int>(merges.Count);
        for (var rank = 0; rank < merges.Count; rank++)
        {
            var merge = merges[rank];
            var space = merge.Length > 1 ? merge.IndexOf(' ', 1) : -1;
            var pair = space < 0 ? (string.Empty, string.Empty) : (merge[..space], merge[(space + 1)..]);
            Ranks.TryAdd(pair, rank);
        }

        // Stable order: longest UTF-8 text first (llama.cpp's sort), ties by id.
        Partitioned = Enumerable.Range(0, Tokens.Length)
            .Where(id => Types[id] is GgufTokenType.Control or GgufTokenType.Unknown or GgufTokenType.UserDefined)
            .OrderByDescending(id => Encoding.UTF8.GetByteCount(Tokens[id]))
            .ThenBy(id => id)
            .ToArray();

        // llama.cpp sets "rstrip" (whitespace after the token is dropped) by general.name for Phi-3.
        var name = modelName?.ToLowerInvariant() ?? "";
        if (name.Contains("phi-3", StringComparison.Ordinal) || name.Contains("phi3", StringComparison.Ordinal))
        {
            RStrip.UnionWith(Partitioned);
            if (TokenToId.TryGetValue("</s>", out var eos))
                RStrip.Add(eos);
            foreach (var text in (string[])["<unk>", "<s>", "<|endoftext|>"])
            {
                if (TokenToId.TryGetValue(text, out var id))
                    RStrip.Remove(id);
            }
        }
    }

    /// <summary>Special tokens after which llama.cpp drops the following whitespace.</summary>
    public HashSet<int> RStrip { get; } = [];

    public string[] Tokens { get; }

    public GgufTokenType[] Types { get; }

    public float[] Scores { get; }

    public Dictionary<string, int> TokenToId { get; }

    public Dictionary<(string Left, string Right), int> Ranks { get; }

    /// <summary>Control, unknown and user-defined token ids, in the order llama.cpp tries them.</summary>
    public int[] Partitioned { get; }

    public int Count => Tokens.Length;

    /// <summary>Control and unknown tokens: matched in text only with parse-special, rendered only on request.</summary>
    public bool IsSpecial(int id) => Types[id] is GgufTokenType.Control or GgufTokenType.Unknown;
}
