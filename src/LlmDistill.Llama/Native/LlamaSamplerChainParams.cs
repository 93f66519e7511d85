using System.Runtime.InteropServices;

namespace LlmDistill.Llama.Native;

/// <summary><c>struct llama_sampler_chain_params</c> (1 byte).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaSamplerChainParams
{
    public byte no_perf;
}
