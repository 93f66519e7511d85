namespace LlmDistill.Tokenization.PreTokenization;

/// <summary>
/// The <c>tokenizer.ggml.pre</c> values we tokenize exactly like llama.cpp (llama-vocab.cpp,
/// <c>llama_vocab::impl::load</c>): those whose regexes llama.cpp runs through a hand-written splitter
/// (plus the starcoder family's leading <c>\p{N}</c>), with the flags llama.cpp sets for them.
/// </summary>
public static class LlamaCppPreTypes
{
    /// <summary>One supported pre-tokenizer: its splitter, the "ignore merges" rule, and llama.cpp's default for add-BOS.</summary>
    public sealed record PreType(string Name, LlamaCppPreTokenizerKind Kind, bool IgnoreMerges, bool AddBosByDefault);

    /// <summary>The pre type trained vocabularies use: single digits, Llama-3 style words, no "ignore merges".</summary>
    public const string Qwen2 = "qwen2";

    private static readonly Dictionary<string, PreType> Known = Build();

    /// <summary>Every supported <c>tokenizer.ggml.pre</c> value.</summary>
    public static IReadOnlyCollection<string> Names => Known.Keys;

    public static bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PreType? preType) =>
        Known.TryGetValue(name, out preType);

    private static Dictionary<string, PreType> Build()
    {
        var known = new Dictionary<string, PreType>(StringComparer.Ordinal);
        void Add(LlamaCppPreTokenizerKind kind, bool ignoreMerges, bool addBos, params string[] names)
        {
            foreach (var name in names)
                known.Add(name, new PreType(name, kind, ignoreMerges, addBos));
        }

        Add(LlamaCppPreTokenizerKind.Gpt2, false, false, "gpt-2", "phi-2", "jina-es", "jina-de", "gigachat", "a.x-4.0", "mellum", "mpt", "olmo");
        Add(LlamaCppPreTokenizerKind.Llama3, true, true, "llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2", "jina-v5-nano");
        Add(LlamaCppPreTokenizerKind.Llama3, false, false, "dbrx", "smaug-bpe");
        Add(LlamaCppPreTokenizerKind.Starcoder, false, false, "starcoder", "refact", "command-r", "smollm", "codeshell", "exaone", "minerva-7b");
        Add(LlamaCppPreTokenizerKind.Qwen2, false, false, Qwen2, "deepseek-r1-qwen", "kormo", "f2llmv2", "stablelm2", "hunyuan", "grok-2", "laguna", "solar-open");
        return known;
    }
}
