namespace LlmDistill.Tokenization.PreTokenization;

/// <summary>
/// The pre-tokenizer regexes for which llama.cpp uses a hand-written splitter (unicode.cpp,
/// <c>unicode_regex_split_custom_*</c>); we port those splitters, quirks included.
/// </summary>
public enum LlamaCppPreTokenizerKind
{
    /// <summary><c>'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)</c> (gpt-2, mpt, olmo, phi-2).</summary>
    Gpt2,

    /// <summary>Llama-3's regex: case-insensitive contractions, <c>\p{N}{1,3}</c> (llama-bpe, dbrx, smaug).</summary>
    Llama3,

    /// <summary>Llama-3's regex with single digits, <c>\p{N}</c> (qwen2, stablelm2, deepseek-r1-qwen).</summary>
    Qwen2,

    /// <summary>
    /// Two regexes: <c>\p{N}</c> isolates every digit (llama.cpp's std::regex fallback), then GPT-2's splitter runs on
    /// each piece (starcoder, smollm, refact, command-r).
    /// </summary>
    Starcoder,
}
