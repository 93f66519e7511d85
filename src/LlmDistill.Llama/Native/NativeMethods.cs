namespace LlmDistill.Llama.Native;

/// <summary>
/// The llama.cpp C API, one partial file per concern. Library names are logical: <see cref="LlamaLibrary"/>'s
/// resolver maps them to the pinned files (libllama.v0.5.0.so, ...). Call <see cref="LlamaLibrary.EnsureLoaded"/>
/// before any of these.
/// </summary>
internal static partial class NativeMethods
{
    internal const string LlamaLib = "llama";
    internal const string GgmlLib = "ggml";
    internal const string GgmlBaseLib = "ggml-base";
}
