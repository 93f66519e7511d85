using System.Runtime.InteropServices;

namespace LlmDistill.Llama.Native;

internal static partial class NativeMethods
{
    /// <summary>Allocates a batch of <paramref name="nTokens"/> entries (uninitialised); free with llama_batch_free.</summary>
    [LibraryImport(LlamaLib)]
    internal static partial LlamaNativeBatch llama_batch_init(int nTokens, int embd, int nSeqMax);

    [LibraryImport(LlamaLib)]
    internal static partial void llama_batch_free(LlamaNativeBatch batch);
}
