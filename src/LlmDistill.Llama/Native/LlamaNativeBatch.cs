using System.Runtime.InteropServices;

namespace LlmDistill.Llama.Native;

/// <summary>
/// <c>struct llama_batch</c>: parallel arrays of <see cref="n_tokens"/> entries, allocated by
/// <c>llama_batch_init</c> (see <see cref="LlamaBatch"/>, which owns one).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaNativeBatch
{
    public int n_tokens;
    public int* token;
    public float* embd;
    public int* pos;
    public int* n_seq_id;
    public int** seq_id;
    /// <summary>Non-zero where llama_decode must output logits for the token ("output" in newer headers).</summary>
    public sbyte* logits;
}
