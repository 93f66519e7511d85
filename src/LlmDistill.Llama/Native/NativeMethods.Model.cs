using System.Runtime.InteropServices;

namespace LlmDistill.Llama.Native;

internal static unsafe partial class NativeMethods
{
    [LibraryImport(LlamaLib)]
    internal static partial LlamaModelParams llama_model_default_params();

    [LibraryImport(LlamaLib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr llama_model_load_from_file(string pathModel, LlamaModelParams parameters);

    [LibraryImport(LlamaLib)]
    internal static partial void llama_model_free(IntPtr model);

    [LibraryImport(LlamaLib)]
    internal static partial IntPtr llama_model_get_vocab(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLib)]
    internal static partial int llama_model_n_ctx_train(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLib)]
    internal static partial int llama_model_n_embd(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLib)]
    internal static partial int llama_model_n_layer(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLib)]
    internal static partial ulong llama_model_n_params(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLib)]
    internal static partial int llama_model_desc(SafeLlamaModelHandle model, byte* buf, nuint bufSize);

    /// <summary>The GGUF's default chat template (name NULL), or NULL when it has none.</summary>
    [LibraryImport(LlamaLib)]
    internal static partial byte* llama_model_chat_template(SafeLlamaModelHandle model, byte* name);

    [LibraryImport(LlamaLib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int llama_model_meta_val_str(SafeLlamaModelHandle model, string key, byte* buf, nuint bufSize);
}
