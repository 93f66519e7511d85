using System.Runtime.InteropServices;

namespace LlmDistill.Llama.Native;

/// <summary>
/// <c>struct llama_model_params</c> of the pinned llama.h (80 bytes). Field names are the C names;
/// C <c>bool</c> is a byte. NativeAbiTests checks size and offsets against the header with gcc.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaModelParams
{
    public IntPtr devices;
    public IntPtr tensor_buft_overrides;
    public int n_gpu_layers;
    public int split_mode;
    public LlamaLoadMode load_mode;
    public int lazy_mode;
    public int main_gpu;
    public IntPtr tensor_split;
    public IntPtr progress_callback;
    public IntPtr progress_callback_user_data;
    public IntPtr kv_overrides;
    public byte vocab_only;
    public byte check_tensors;
    public byte use_extra_bufts;
    public byte no_host;
    public byte no_alloc;
    public byte load_mtp;
}
