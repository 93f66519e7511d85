using LlmDistill.Gguf.Tokenizer;

namespace LlmDistill.Gguf.Llama;

/// <summary>
/// Writes a llama-architecture model that llama.cpp loads unchanged: the complete <c>llama.*</c> metadata,
/// the tokenizer, and every tensor under its llama.cpp name (see <see cref="LlamaTensorSpec.For"/>).
/// Weights are stored as <see cref="WeightType"/>, except norms (always F32, as llama.cpp expects) and
/// Q8_0 tensors whose rows are not a multiple of 32 (stored as F16 instead).
/// </summary>
public sealed class LlamaGgufWriter
{
    private readonly Dictionary<string, LlamaTensorSpec> _specs;
    private readonly Dictionary<string, ReadOnlyMemory<float>> _values = new(StringComparer.Ordinal);
    private bool _tensorsAdded;

    public LlamaGgufWriter(LlamaHyperParameters parameters, GgufTensorType weightType = GgufTensorType.F32, string name = "llm-distill")
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (weightType is not (GgufTensorType.F32 or GgufTensorType.F16 or GgufTensorType.BF16 or GgufTensorType.Q8_0))
            throw new ArgumentException($"weight type {weightType} is not supported (F32, F16, BF16, Q8_0)", nameof(weightType));
        Parameters = parameters;
        WeightType = weightType;
        Specs = LlamaTensorSpec.For(parameters);
        _specs = Specs.ToDictionary(s => s.Name, StringComparer.Ordinal);

        const string arch = "llama";
        Writer = new GgufWriter()
            .SetString(GgufKeys.Architecture, arch)
            .SetString(GgufKeys.Name, name)
            .SetUInt32(GgufKeys.Arch(arch, "vocab_size"), (uint)parameters.VocabSize)
            .SetUInt32(GgufKeys.Arch(arch, "context_length"), (uint)parameters.ContextLength)
            .SetUInt32(GgufKeys.Arch(arch, "embedding_length"), (uint)parameters.EmbeddingLength)
            .SetUInt32(GgufKeys.Arch(arch, "block_count"), (uint)parameters.BlockCount)
            .SetUInt32(GgufKeys.Arch(arch, "feed_forward_length"), (uint)parameters.FeedForwardLength)
            .SetUInt32(GgufKeys.Arch(arch, "attention.head_count"), (uint)parameters.HeadCount)
            .SetUInt32(GgufKeys.Arch(arch, "attention.head_count_kv"), (uint)parameters.HeadCountKv)
            .SetUInt32(GgufKeys.Arch(arch, "rope.dimension_count"), (uint)parameters.HeadDimension)
            .SetFloat32(GgufKeys.Arch(arch, "rope.freq_base"), parameters.RopeFreqBase)
            .SetFloat32(GgufKeys.Arch(arch, "attention.layer_norm_rms_epsilon"), parameters.RmsNormEpsilon)
            .SetUInt32(GgufKeys.FileType, FileType(weightType))
            .SetUInt32(GgufKeys.QuantizationVersion, 2);
    }

    public LlamaHyperParameters Parameters { get; }

    public GgufTensorType WeightType { get; }

    public IReadOnlyList<LlamaTensorSpec> Specs { get; }

    /// <summary>The underlying writer, for extra metadata. Tensors are added to it by <see cref="Write"/>.</summary>
    public GgufWriter Writer { get; }

    /// <summary>llama.cpp's <c>general.file_type</c> (<c>llama_ftype</c>) for a weight type.</summary>
    public static uint FileType(GgufTensorType weightType) => weightType switch
    {
        GgufTensorType.F32 => 0,
        GgufTensorType.F16 => 1,
        GgufTensorType.Q8_0 => 7,
        GgufTensorType.BF16 => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(weightType), weightType, "no llama file type"),
    };

    /// <summary>The type a tensor is stored as under this writer's rules.</summary>
    public GgufTensorType StorageType(LlamaTensorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.IsNorm || spec.Shape.Count < 2)
            return GgufTensorType.F32;
        if (WeightType == GgufTensorType.Q8_0 && spec.Shape[0] % Quantization.Q8Codec.BlockSize != 0)
            return GgufTensorType.F16;
        return WeightType;
    }

    public LlamaGgufWriter SetTokenizer(GgufTokenizerMetadata tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        if (tokenizer.Tokens.Length != Parameters.VocabSize)
            throw new ArgumentException($"the tokenizer has {tokenizer.Tokens.Length} tokens but the model's vocabulary size is {Parameters.VocabSize}", nameof(tokenizer));
        tokenizer.WriteTo(Writer);
        return this;
    }

    /// <summary>
    /// Sets a tensor's float32 values, flattened innermost dimension first (row-major PyTorch order for a
    /// (out, in) weight). The memory is referenced until <see cref="Write"/>.
    /// </summary>
    public LlamaGgufWriter SetTensor(string name, ReadOnlyMemory<float> values)
    {
        if (_tensorsAdded)
            throw new InvalidOperationException("tensors cannot change after the model was written");
        if (!_specs.TryGetValue(name, out var spec))
            throw new ArgumentException($"'{name}' is not a tensor of this llama model", nameof(name));
        if (values.Length != spec.ElementCount)
            throw new ArgumentException($"tensor '{name}' needs {spec.ElementCount} values, got {values.Length}", nameof(values));
        _values[name] = values;
        return this;
    }

    /// <summary>Fills every tensor not yet set: norms with 1, the rest with N(0, std²) from a seeded generator.</summary>
    public LlamaGgufWriter FillRandom(int seed, float std = 0.02f) => FillRandom(seed, _ => std);

    /// <summary>Like <see cref="FillRandom(int, float)"/> with a standard deviation per tensor (e.g. 1/√fan-in).</summary>
    public LlamaGgufWriter FillRandom(int seed, Func<LlamaTensorSpec, float> std)
    {
        ArgumentNullException.ThrowIfNull(std);
        var random = new Random(seed);
        foreach (var spec in Specs)
        {
            if (_values.ContainsKey(spec.Name))
                continue;
            var values = new float[spec.ElementCount];
            if (spec.IsNorm)
                Array.Fill(values, 1f);
            else
                FillNormal(random, values, std(spec));
            _values[spec.Name] = values;
        }
        return this;
    }

    /// <summary>
    /// Writes the model atomically; every tensor must have been set (or filled). The first call adds the
    /// tensors to <see cref="Writer"/>, after which they can no longer change.
    /// </summary>
    public void Write(string path)
    {
        var missing = Specs.Where(s => !_values.ContainsKey(s.Name)).Select(s => s.Name).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"tensors not set: {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", ..." : "")}");
        if (!_tensorsAdded)
        {
            foreach (var spec in Specs)
                Writer.AddTensor(spec.Name, spec.Shape.ToArray(), _values[spec.Name], StorageType(spec));
            _tensorsAdded = true;
        }
        Writer.Write(path);
    }

    /// <summary>A random model with a tiny byte-level vocabulary; for tests.</summary>
    public static void WriteRandom(string path, LlamaHyperParameters parameters, int seed, GgufTensorType weightType = GgufTensorType.F32, GgufTokenizerMetadata? tokenizer = null)
    {
        var writer = new LlamaGgufWriter(parameters, weightType);
        writer.SetTokenizer(tokenizer ?? ByteLevelBpeVocabulary.Create());
        writer.FillRandom(seed).Write(path);
    }

    private static void FillNormal(Random random, float[] values, float std)
    {
        // Box-Muller: two independent normals per pair of uniforms.
        for (var i = 0; i < values.Length; i += 2)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var r = Math.Sqrt(-2.0 * Math.Log(u1)) * std;
            values[i] = (float)(r * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < values.Length)
                values[i + 1] = (float)(r * Math.Sin(2 * Math.PI * u2));
        }
    }
}
