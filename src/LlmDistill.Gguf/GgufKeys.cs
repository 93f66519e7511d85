namespace LlmDistill.Gguf;

/// <summary>Well-known metadata keys (llama.cpp's <c>gguf-py/gguf/constants.py</c>).</summary>
public static class GgufKeys
{
    public const string Architecture = "general.architecture";
    public const string Name = "general.name";
    public const string Alignment = "general.alignment";
    public const string FileType = "general.file_type";
    public const string QuantizationVersion = "general.quantization_version";

    public const string TokenizerModel = "tokenizer.ggml.model";
    public const string TokenizerPre = "tokenizer.ggml.pre";
    public const string TokenizerTokens = "tokenizer.ggml.tokens";
    public const string TokenizerTokenTypes = "tokenizer.ggml.token_type";
    public const string TokenizerScores = "tokenizer.ggml.scores";
    public const string TokenizerMerges = "tokenizer.ggml.merges";
    public const string TokenizerBosId = "tokenizer.ggml.bos_token_id";
    public const string TokenizerEosId = "tokenizer.ggml.eos_token_id";
    public const string TokenizerPaddingId = "tokenizer.ggml.padding_token_id";
    public const string TokenizerUnknownId = "tokenizer.ggml.unknown_token_id";
    public const string TokenizerAddBos = "tokenizer.ggml.add_bos_token";
    public const string TokenizerAddEos = "tokenizer.ggml.add_eos_token";
    public const string ChatTemplate = "tokenizer.chat_template";

    /// <summary>Architecture-scoped keys, e.g. <c>Arch("llama", "block_count")</c> → <c>llama.block_count</c>.</summary>
    public static string Arch(string architecture, string suffix) => $"{architecture}.{suffix}";
}
