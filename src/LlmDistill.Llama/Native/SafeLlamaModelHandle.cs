using Microsoft.Win32.SafeHandles;

namespace LlmDistill.Llama.Native;

/// <summary>Owns a <c>llama_model*</c>; released with <c>llama_model_free</c>.</summary>
internal sealed class SafeLlamaModelHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeLlamaModelHandle()
        : base(ownsHandle: true)
    {
    }

    internal SafeLlamaModelHandle(IntPtr model)
        : base(ownsHandle: true)
    {
        SetHandle(model);
    }

    protected override bool ReleaseHandle()
    {
        NativeMethods.llama_model_free(handle);
        return true;
    }
}
