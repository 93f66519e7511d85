using System.Runtime.InteropServices;

namespace LlmDistill.Llama.Native;

/// <summary><c>struct llama_token_data_array</c>: the candidates a sampler works on.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaTokenDataArray
{
    public LlamaTokenData* data;
    public nuint size;
    /// <summary>Index into <see cref="data"/> (not a token id) chosen by the sampler.</summary>
    public long selected;
    public byte sorted;
}
