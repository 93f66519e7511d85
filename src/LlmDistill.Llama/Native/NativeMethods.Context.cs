using System.Runtime.InteropServices;

namespace LlmDistill.Llama.Native;

internal static unsafe partial class NativeMethods
{
    [LibraryImport(LlamaLib)]
    internal static partial LlamaContextParams llama_context_default_params();

    [LibraryImport(LlamaLib)]
    internal static partial IntPtr llama_init_from_model(SafeLlamaModelHandle model, LlamaContextParams parameters);

    [LibraryImport(LlamaLib)]
    internal static partial void llama_free(IntPtr ctx);

    [LibraryImport(LlamaLib)]
    internal static partial uint llama_n_ctx(SafeLlamaContextHandle ctx);

    [LibraryImport(LlamaLib)]
    internal static partial uint llama_n_ctx_seq(SafeLlamaContextHandle ctx);

    [LibraryImport(LlamaLib)]
    internal static partial uint llama_n_batch(SafeLlamaContextHandle ctx);

    [LibraryImport(LlamaLib)]
    internal static partial uint llama_n_seq_max(SafeLlamaContextHandle ctx);

    /// <summary>0 ok; 1 no KV slot; 2 aborted; -1 invalid batch; &lt; -1 fatal.</summary>
    [LibraryImport(LlamaLib)]
    internal static partial int llama_decode(SafeLlamaContextHandle ctx, LlamaNativeBatch batch);

    [LibraryImport(LlamaLib)]
    internal static partial void llama_set_n_threads(SafeLlamaContextHandle ctx, int nThreads, int nThreadsBatch);

    /// <summary>Logits (n_vocab floats) of the i-th batch entry that requested output; NULL for an invalid index.</summary>
    [LibraryImport(LlamaLib)]
    internal static partial float* llama_get_logits_ith(SafeLlamaContextHandle ctx, int i);

    [LibraryImport(LlamaLib)]
    internal static partial IntPtr llama_get_memory(SafeLlamaContextHandle ctx);

    [LibraryImport(LlamaLib)]
    internal static partial void llama_memory_clear(IntPtr mem, [MarshalAs(UnmanagedType.U1)] bool data);

    /// <summary>Removes the sequence's tokens at positions [p0, p1) (negative = open end); whole sequences never fail.</summary>
    [LibraryImport(LlamaLib)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_memory_seq_rm(IntPtr mem, int seqId, int p0, int p1);

    [LibraryImport(LlamaLib)]
    internal static partial int llama_memory_seq_pos_max(IntPtr mem, int seqId);
}
