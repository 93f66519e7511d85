using System.Text;
using LlmDistill.Core.Errors;
using LlmDistill.Gguf;
using LlmDistill.Llama.Native;

namespace LlmDistill.Llama;

/// <summary>
/// A GGUF model loaded by llama.cpp: its vocabulary (tokenizer, chat template, special tokens) and,
/// unless loaded with <see cref="LlamaModelOptions.VocabOnly"/>, its weights for <see cref="CreateContext"/>.
/// Tokenizer members are thread-safe; dispose the model after its contexts.
/// </summary>
public sealed partial class LlamaModel : IDisposable
{
    // llama.cpp's loader and its log are process-wide; one load (or context creation) at a time keeps
    // error messages matched to the call that caused them.
    internal static readonly Lock LoadGate = new();
    private readonly IntPtr _vocab;

    private LlamaModel(string path, LlamaModelOptions options, SafeLlamaModelHandle handle)
    {
        Path = path;
        Options = options;
        Handle = handle;
        _vocab = NativeMethods.llama_model_get_vocab(handle);
        VocabSize = NativeMethods.llama_vocab_n_tokens(_vocab);
        BosToken = NativeMethods.llama_vocab_bos(_vocab);
        EosToken = NativeMethods.llama_vocab_eos(_vocab);
        EotToken = NativeMethods.llama_vocab_eot(_vocab);
        AddsBos = NativeMethods.llama_vocab_get_add_bos(_vocab);
        TrainedContextLength = NativeMethods.llama_model_n_ctx_train(handle);
        EmbeddingSize = NativeMethods.llama_model_n_embd(handle);
        LayerCount = NativeMethods.llama_model_n_layer(handle);
        ChatTemplate = ReadChatTemplate(handle);
    }

    public string Path { get; }

    public LlamaModelOptions Options { get; }

    /// <summary>Number of tokens in the vocabulary (rows of the logits).</summary>
    public int VocabSize { get; }

    /// <summary>Beginning-of-sequence token, or -1 when the vocabulary has none.</summary>
    public int BosToken { get; }

    /// <summary>End-of-sequence token, or -1.</summary>
    public int EosToken { get; }

    /// <summary>End-of-turn token, or -1.</summary>
    public int EotToken { get; }

    /// <summary>Whether <see cref="Tokenize"/> with addSpecial prepends <see cref="BosToken"/>.</summary>
    public bool AddsBos { get; }

    /// <summary>Context length the model was trained with (GGUF metadata).</summary>
    public int TrainedContextLength { get; }

    public int EmbeddingSize { get; }

    public int LayerCount { get; }

    /// <summary>The GGUF's default chat template (tokenizer.chat_template), or null.</summary>
    public string? ChatTemplate { get; }

    internal SafeLlamaModelHandle Handle { get; }

    /// <summary>The native vocabulary; valid while <see cref="Handle"/> (or a context holding it) lives.</summary>
    internal IntPtr Vocab => _vocab;

    /// <summary>
    /// Validates <paramref name="path"/> as a GGUF file in managed code, then loads it with llama.cpp.
    /// </summary>
    /// <exception cref="InvalidInputException">The file is missing, not a GGUF, corrupt, or llama.cpp rejects it.</exception>
    /// <exception cref="RuntimeUnavailableException">llama.cpp cannot be loaded.</exception>
    public static LlamaModel Load(string path, LlamaModelOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= LlamaModelOptions.Default;
        path = System.IO.Path.GetFullPath(path);
        // The whole file is checked by our reader first: llama.cpp never sees a file it would crash on.
        _ = GgufFile.Read(path);
        LlamaLibrary.EnsureLoaded();

        var parameters = NativeMethods.llama_model_default_params();
        parameters.n_gpu_layers = options.GpuLayerCount;
        parameters.vocab_only = options.VocabOnly ? (byte)1 : (byte)0;
        parameters.load_mode = options.UseMmap ? LlamaLoadMode.Mmap : LlamaLoadMode.None;
        IntPtr model;
        string? reason;
        lock (LoadGate)
        {
            LlamaLog.ClearRecent();
            model = NativeMethods.llama_model_load_from_file(path, parameters);
            reason = LlamaLog.LastProblem();
        }
        if (model == IntPtr.Zero)
            throw new InvalidInputException($"llama.cpp could not load {path}: {reason ?? "no reason given"}");
        return new LlamaModel(path, options, new SafeLlamaModelHandle(model));
    }

    /// <summary>Creates an inference context (KV cache and a decode thread) for this model.</summary>
    /// <exception cref="InvalidOperationException">The model was loaded vocabulary-only.</exception>
    public LlamaContext CreateContext(LlamaContextOptions? options = null)
    {
        ObjectDisposedException.ThrowIf(Handle.IsClosed, this);
        if (Options.VocabOnly)
            throw new InvalidOperationException("a vocabulary-only model has no weights; load it without VocabOnly to create a context");
        return new LlamaContext(this, options ?? new LlamaContextOptions());
    }

    /// <summary>A GGUF metadata value rendered as a string (scalars only), or null when the key is absent.</summary>
    public unsafe string? GetMetadata(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        using var lease = new ModelLease(this);
        var size = 256;
        while (true)
        {
            var buffer = new byte[size];
            int n;
            fixed (byte* p = buffer)
                n = NativeMethods.llama_model_meta_val_str(Handle, key, p, (nuint)buffer.Length);
            if (n < 0)
                return null;
            if (n < size)
                return Encoding.UTF8.GetString(buffer, 0, n);
            size = n + 1;
        }
    }

    public void Dispose() => Handle.Dispose();

    private static unsafe string? ReadChatTemplate(SafeLlamaModelHandle handle)
    {
        var p = NativeMethods.llama_model_chat_template(handle, null);
        return p == null ? null : System.Runtime.InteropServices.Marshal.PtrToStringUTF8((IntPtr)p);
    }

    /// <summary>Keeps the native model alive (and not freed by a concurrent Dispose) for the duration of a vocab call.</summary>
    private readonly ref struct ModelLease
    {
        private readonly SafeLlamaModelHandle _handle;

        public ModelLease(LlamaModel model)
        {
            _handle = model.Handle;
            var added = false;
            try
            {
                _handle.DangerousAddRef(ref added);
            }
            catch (ObjectDisposedException)
            {
                throw new ObjectDisposedException(nameof(LlamaModel));
            }
        }

        public void Dispose() => _handle.DangerousRelease();
    }
}
