using System.Runtime.InteropServices;

namespace LlmDistill.Llama.Native;

internal static unsafe partial class NativeMethods
{
    /// <summary>Loads the dynamic CPU backends (libggml-cpu-*.so) from a folder; required before loading weights.</summary>
    [LibraryImport(GgmlLib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void ggml_backend_load_all_from_path(string dirPath);

    [LibraryImport(GgmlLib)]
    internal static partial nuint ggml_backend_reg_count();

    [LibraryImport(LlamaLib)]
    internal static partial void llama_backend_init();

    /// <summary>Routes llama.cpp and ggml logging (llama_log_set also calls ggml_log_set).</summary>
    [LibraryImport(LlamaLib)]
    internal static partial void llama_log_set(delegate* unmanaged[Cdecl]<int, byte*, void*, void> callback, void* userData);

    [LibraryImport(LlamaLib)]
    internal static partial byte* llama_print_system_info();
}
