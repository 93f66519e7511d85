using System.Runtime.InteropServices;

namespace LlmDistill.Llama.Native;

internal static partial class NativeMethods
{
    [LibraryImport(LlamaLib)]
    internal static partial LlamaSamplerChainParams llama_sampler_chain_default_params();

    [LibraryImport(LlamaLib)]
    internal static partial IntPtr llama_sampler_chain_init(LlamaSamplerChainParams parameters);

    /// <summary>Adds <paramref name="sampler"/> to the chain, which takes ownership of it.</summary>
    [LibraryImport(LlamaLib)]
    internal static partial void llama_sampler_chain_add(SafeLlamaSamplerChainHandle chain, IntPtr sampler);

    [LibraryImport(LlamaLib)]
    internal static partial void llama_sampler_free(IntPtr sampler);

    [LibraryImport(LlamaLib)]
    internal static partial IntPtr llama_sampler_init_greedy();

    [LibraryImport(LlamaLib)]
    internal static partial IntPtr llama_sampler_init_dist(uint seed);

    [LibraryImport(LlamaLib)]
    internal static partial IntPtr llama_sampler_init_top_k(int k);

    [LibraryImport(LlamaLib)]
    internal static partial IntPtr llama_sampler_init_top_p(float p, nuint minKeep);

    [LibraryImport(LlamaLib)]
    internal static partial IntPtr llama_sampler_init_temp(float t);

    /// <summary>Samples from the logits of batch output <paramref name="idx"/> and accepts the token into the chain.</summary>
    [LibraryImport(LlamaLib)]
    internal static partial int llama_sampler_sample(SafeLlamaSamplerChainHandle chain, SafeLlamaContextHandle ctx, int idx);
}
