using System.Runtime.InteropServices;

namespace LlmDistill.Llama.Native;

// The vocab pointer belongs to its model; callers keep the model's SafeHandle alive around these calls.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(LlamaLib)]
    internal static partial int llama_vocab_n_tokens(IntPtr vocab);

    [LibraryImport(LlamaLib)]
    internal static partial int llama_vocab_type(IntPtr vocab);

    [LibraryImport(LlamaLib)]
    internal static partial int llama_vocab_bos(IntPtr vocab);

    [LibraryImport(LlamaLib)]
    internal static partial int llama_vocab_eos(IntPtr vocab);

    [LibraryImport(LlamaLib)]
    internal static partial int llama_vocab_eot(IntPtr vocab);

    [LibraryImport(LlamaLib)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_vocab_get_add_bos(IntPtr vocab);

    [LibraryImport(LlamaLib)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_vocab_is_eog(IntPtr vocab, int token);

    [LibraryImport(LlamaLib)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_vocab_is_control(IntPtr vocab, int token);

    /// <summary>Returns the token count, or minus the count needed when <paramref name="nTokensMax"/> is too small.</summary>
    [LibraryImport(LlamaLib)]
    internal static partial int llama_tokenize(
        IntPtr vocab, byte* text, int textLen, int* tokens, int nTokensMax,
        [MarshalAs(UnmanagedType.U1)] bool addSpecial, [MarshalAs(UnmanagedType.U1)] bool parseSpecial);

    /// <summary>Writes the token's bytes (no NUL); returns minus the length needed when the buffer is too small.</summary>
    [LibraryImport(LlamaLib)]
    internal static partial int llama_token_to_piece(
        IntPtr vocab, int token, byte* buf, int length, int lstrip, [MarshalAs(UnmanagedType.U1)] bool special);

    [LibraryImport(LlamaLib)]
    internal static partial int llama_detokenize(
        IntPtr vocab, int* tokens, int nTokens, byte* text, int textLenMax,
        [MarshalAs(UnmanagedType.U1)] bool removeSpecial, [MarshalAs(UnmanagedType.U1)] bool unparseSpecial);

    /// <summary>Formats a chat with a built-in template; returns the length needed (may exceed <paramref name="length"/>), negative if unsupported.</summary>
    [LibraryImport(LlamaLib)]
    internal static partial int llama_chat_apply_template(
        byte* tmpl, LlamaNativeChatMessage* chat, nuint nMsg, [MarshalAs(UnmanagedType.U1)] bool addAss, byte* buf, int length);
}
