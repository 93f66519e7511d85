using System.Runtime.InteropServices;

namespace LlmDistill.Llama.Native;

/// <summary><c>struct llama_token_data</c>: one candidate token with its logit and probability.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaTokenData
{
    public int id;
    public float logit;
    public float p;
}
