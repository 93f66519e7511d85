using Microsoft.Win32.SafeHandles;

namespace LlmDistill.Llama.Native;

/// <summary>Owns a <c>llama_sampler*</c> chain (and the samplers added to it); released with <c>llama_sampler_free</c>.</summary>
internal sealed class SafeLlamaSamplerChainHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeLlamaSamplerChainHandle()
        : base(ownsHandle: true)
    {
    }

    internal SafeLlamaSamplerChainHandle(IntPtr chain)
        : base(ownsHandle: true)
    {
        SetHandle(chain);
    }

    protected override bool ReleaseHandle()
    {
        NativeMethods.llama_sampler_free(handle);
        return true;
    }
}
