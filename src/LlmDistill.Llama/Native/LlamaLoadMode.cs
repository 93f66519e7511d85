namespace LlmDistill.Llama.Native;

/// <summary><c>enum llama_load_mode</c>: this llama.cpp replaced <c>use_mmap</c>/<c>use_mlock</c> with it.</summary>
internal enum LlamaLoadMode
{
    Auto = -1,
    None = 0,
    Mmap = 1,
    Mlock = 2,
    MmapMlock = 3,
    DirectIo = 4,
}
