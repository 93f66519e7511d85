namespace LlmDistill.Llama;

/// <summary>How to load a GGUF model. Validated as it is built.</summary>
public sealed record LlamaModelOptions
{
    private readonly int _gpuLayerCount;

    /// <summary>Defaults: CPU only, memory-mapped, weights loaded.</summary>
    public static LlamaModelOptions Default { get; } = new();

    /// <summary>Load only the vocabulary (tokenizer, chat template), no weights; such a model cannot create a context.</summary>
    public bool VocabOnly { get; init; }

    /// <summary>Layers to offload to a GPU (n_gpu_layers): 0 = CPU only (default), -1 = all.</summary>
    public int GpuLayerCount
    {
        get => _gpuLayerCount;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, -1);
            _gpuLayerCount = value;
        }
    }

    /// <summary>Memory-map the file (default) rather than reading it into memory.</summary>
    public bool UseMmap { get; init; } = true;
}
