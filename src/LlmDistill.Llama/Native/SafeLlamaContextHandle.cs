using Microsoft.Win32.SafeHandles;

namespace LlmDistill.Llama.Native;

/// <summary>
/// Owns a <c>llama_context*</c>; released with <c>llama_free</c>. The context points into its model's
/// weights and vocabulary, so it holds the model handle alive until the context itself is freed.
/// </summary>
internal sealed class SafeLlamaContextHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private readonly SafeLlamaModelHandle? _model;

    public SafeLlamaContextHandle()
        : base(ownsHandle: true)
    {
    }

    internal SafeLlamaContextHandle(IntPtr context, SafeLlamaModelHandle model)
        : base(ownsHandle: true)
    {
        var added = false;
        model.DangerousAddRef(ref added);
        ObjectDisposedException.ThrowIf(!added, model);
        _model = model;
        SetHandle(context);
    }

    protected override bool ReleaseHandle()
    {
        NativeMethods.llama_free(handle);
        _model?.DangerousRelease();
        return true;
    }
}
