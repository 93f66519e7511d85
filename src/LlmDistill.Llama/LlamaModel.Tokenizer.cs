using System.Buffers;
using System.Text;
using LlmDistill.Core.Errors;
using LlmDistill.Core.Prompts;
using LlmDistill.Llama.Native;

namespace LlmDistill.Llama;

// llama.cpp's own tokenizer: the reference every managed tokenizer of this project is tested against.
public sealed partial class LlamaModel
{
    /// <summary>Tokenizes UTF-8 text with llama.cpp.</summary>
    /// <param name="text">The text.</param>
    /// <param name="addSpecial">Add BOS/EOS if the vocabulary is configured to.</param>
    /// <param name="parseSpecial">Recognise special/control token text (e.g. "&lt;|eot_id|&gt;") instead of treating it as plain text.</param>
    public unsafe int[] Tokenize(string text, bool addSpecial, bool parseSpecial)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = Encoding.UTF8.GetBytes(text);
        using var lease = new ModelLease(this);
        // A token covers at least one byte, plus BOS/EOS: a first guess that is almost always enough.
        var tokens = new int[bytes.Length + 2];
        while (true)
        {
            int n;
            fixed (byte* t = bytes)
            fixed (int* o = tokens)
                n = NativeMethods.llama_tokenize(_vocab, t, bytes.Length, o, tokens.Length, addSpecial, parseSpecial);
            if (n == int.MinValue)
                throw new InvalidInputException("text too long to tokenize (more than 2^31 tokens)");
            if (n >= 0)
                return n == tokens.Length ? tokens : tokens[..n];
            // Negative: minus the number of tokens needed.
            tokens = new int[-n];
        }
    }

    /// <summary>Turns tokens back into text (llama_detokenize), decoding the bytes as UTF-8.</summary>
    /// <param name="tokens">Token ids.</param>
    /// <param name="removeSpecial">Drop a leading BOS / trailing EOS if the vocabulary adds them.</param>
    /// <param name="unparseSpecial">Render special tokens as their text.</param>
    public unsafe string Detokenize(ReadOnlySpan<int> tokens, bool removeSpecial = false, bool unparseSpecial = false)
    {
        CheckTokens(tokens);
        using var lease = new ModelLease(this);
        var size = Math.Max(16, tokens.Length * 8);
        while (true)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                int n;
                fixed (int* t = tokens)
                fixed (byte* b = buffer)
                    n = NativeMethods.llama_detokenize(_vocab, t, tokens.Length, b, buffer.Length, removeSpecial, unparseSpecial);
                if (n >= 0)
                    return Encoding.UTF8.GetString(buffer, 0, n);
                size = -n;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>The raw bytes of one token (a piece may be an incomplete UTF-8 sequence).</summary>
    /// <param name="token">Token id.</param>
    /// <param name="special">Render special/control tokens as their text (otherwise they are empty).</param>
    public byte[] TokenToPiece(int token, bool special = false)
    {
        Span<byte> small = stackalloc byte[64];
        var n = TokenToPiece(token, special, small);
        if (n >= 0)
            return small[..n].ToArray();
        var large = new byte[-n];
        n = TokenToPiece(token, special, large);
        return large[..n];
    }

    /// <summary>Whether the token ends generation (EOS, EOT and the like).</summary>
    public bool IsEndOfGeneration(int token)
    {
        using var lease = new ModelLease(this);
        return NativeMethods.llama_vocab_is_eog(_vocab, token);
    }

    /// <summary>Whether the token is a control token (rendered as nothing by default).</summary>
    public bool IsControl(int token)
    {
        using var lease = new ModelLease(this);
        return NativeMethods.llama_vocab_is_control(_vocab, token);
    }

    /// <summary>
    /// A chat as prompt text: the model's own chat template when it has one, otherwise a plain transcript
    /// of role-labelled turns ending with "Assistant:" (small models trained here have no template).
    /// </summary>
    public string RenderChat(IReadOnlyList<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return ChatTemplate is null
            ? string.Concat(messages.Select(m => $"{char.ToUpperInvariant(m.Role[0])}{m.Role[1..]}: {m.Content}\n\n")) + "Assistant:"
            : ApplyChatTemplate([.. messages.Select(m => new LlamaChatMessage(m.Role, m.Content))]);
    }

    /// <summary>
    /// Formats a chat with the GGUF's chat template (or <paramref name="template"/>) using llama.cpp's
    /// built-in template engine (llama_chat_apply_template), which recognises the common template families.
    /// </summary>
    /// <param name="messages">The chat, in order.</param>
    /// <param name="addAssistantPrompt">End with the tokens that start an assistant reply.</param>
    /// <param name="template">A template (or built-in template name) instead of the model's own.</param>
    /// <exception cref="InvalidInputException">No template, or llama.cpp does not support it.</exception>
    public unsafe string ApplyChatTemplate(IReadOnlyList<LlamaChatMessage> messages, bool addAssistantPrompt = true, string? template = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        template ??= ChatTemplate ?? throw new InvalidInputException($"model {Path} has no chat template (tokenizer.chat_template)");
        var strings = new List<byte[]>(messages.Count * 2 + 1) { NulTerminated(template) };
        foreach (var m in messages)
        {
            strings.Add(NulTerminated(m.Role));
            strings.Add(NulTerminated(m.Content));
        }
        var handles = strings.Select(s => System.Runtime.InteropServices.GCHandle.Alloc(s, System.Runtime.InteropServices.GCHandleType.Pinned)).ToArray();
        try
        {
            var chat = new LlamaNativeChatMessage[messages.Count];
            for (var i = 0; i < chat.Length; i++)
            {
                chat[i].role = (byte*)handles[1 + 2 * i].AddrOfPinnedObject();
                chat[i].content = (byte*)handles[2 + 2 * i].AddrOfPinnedObject();
            }
            var tmpl = (byte*)handles[0].AddrOfPinnedObject();
            var buffer = new byte[Math.Max(256, strings.Sum(s => s.Length) * 2)];
            while (true)
            {
                int n;
                fixed (LlamaNativeChatMessage* c = chat)
                fixed (byte* b = buffer)
                    n = NativeMethods.llama_chat_apply_template(tmpl, c, (nuint)chat.Length, addAssistantPrompt, b, buffer.Length);
                if (n < 0)
                    throw new InvalidInputException("llama.cpp does not support this chat template (it recognises built-in template families only)");
                if (n <= buffer.Length)
                    return Encoding.UTF8.GetString(buffer, 0, n);
                buffer = new byte[n];
            }
        }
        finally
        {
            foreach (var h in handles)
                h.Free();
        }
    }

    internal unsafe int TokenToPiece(int token, bool special, Span<byte> destination)
    {
        CheckToken(token);
        using var lease = new ModelLease(this);
        fixed (byte* b = destination)
            return NativeMethods.llama_token_to_piece(_vocab, token, b, destination.Length, 0, special);
    }

    private void CheckTokens(ReadOnlySpan<int> tokens)
    {
        foreach (var t in tokens)
            CheckToken(t);
    }

    // llama.cpp indexes its token table without a bounds check (GGML_ASSERT at best): reject ids here.
    private void CheckToken(int token)
    {
        if ((uint)token >= (uint)VocabSize)
            throw new ArgumentOutOfRangeException(nameof(token), token, $"token id outside the vocabulary (0..{VocabSize - 1})");
    }

    private static byte[] NulTerminated(string s)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(s) + 1];
        Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }
}
