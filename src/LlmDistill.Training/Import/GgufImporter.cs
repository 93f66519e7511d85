using System.Globalization;
using LlmDistill.Core.Errors;
using LlmDistill.Gguf;
using LlmDistill.Tokenization;
using LlmDistill.Training.Data;
using LlmDistill.Training.Model;
using static TorchSharp.torch;

namespace LlmDistill.Training.Import;

/// <summary>
/// Loads a pretrained llama- or qwen2-architecture GGUF (F32, F16, BF16 or Q8_0 weights, dequantized to
/// fp32) as a <see cref="StudentModel"/> with its tokenizer, to fine-tune it (issue 3, item 7, <c>--init</c>).
/// </summary>
/// <remarks>
/// <para>llama: llama.cpp runs it in NORM rope mode (consecutive pairs) and the HF→GGUF converter has
/// already permuted Q/K rows for that, which is exactly what <see cref="RotaryEmbedding"/> does, so the
/// weights load as they are; <c>GgufImporterParityTests</c> proves it against llama.cpp's logits.</para>
/// <para>qwen2: llama.cpp runs it in NEOX rope mode (dimension i pairs with i + d/2) and the file is not
/// permuted; within each head, Q and K rows (weights and biases) are reordered so that NEOX pair
/// (i, i + d/2) becomes NORM pair (2i, 2i + 1). Pair i keeps its frequency and q·k is unchanged, so the
/// student (and a llama export of it) computes the same function. Q/K/V biases load into
/// <see cref="StudentConfig.AttentionBias"/>.</para>
/// </remarks>
public static class GgufImporter
{
    public const string Llama = "llama";
    public const string Qwen2 = "qwen2";

    /// <summary>The <c>general.architecture</c> values that load.</summary>
    public static IReadOnlyList<string> SupportedArchitectures { get; } = [Llama, Qwen2];

    /// <summary>Reads model (fp32, on the CPU), hyper-parameters and tokenizer from <paramref name="path"/>.</summary>
    /// <exception cref="InvalidInputException">unsupported architecture, a missing, extra or misshapen tensor, or an unsupported tensor type.</exception>
    public static ImportedStudent Load(string path)
    {
        var file = GgufFile.Read(path);
        var architecture = Architecture(file);
        var tokenizer = ReadTokenizer(file);
        var config = ReadConfig(file, tokenizer.VocabSize);
        var model = new StudentModel(config);
        try
        {
            LoadWeights(model, file);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        return new ImportedStudent(model, tokenizer, architecture, WeightType(file));
    }

    /// <summary>The tokenizer of the GGUF at <paramref name="path"/> (see <see cref="ReadTokenizer(GgufFile)"/>).</summary>
    public static GgufStudentTokenizer ReadTokenizer(string path) => ReadTokenizer(GgufFile.Read(path));

    /// <summary>The student's shape for the GGUF at <paramref name="path"/>, its vocabulary size from the file's tokenizer.</summary>
    public static StudentConfig ReadConfig(string path)
    {
        var file = GgufFile.Read(path);
        return ReadConfig(file, ReadTokenizer(file).VocabSize);
    }

    /// <summary>The file's tokenizer as a student tokenizer (it needs BOS and EOS).</summary>
    public static GgufStudentTokenizer ReadTokenizer(GgufFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        Architecture(file);
        return new GgufStudentTokenizer(GgufTokenizer.FromGguf(file));
    }

    /// <summary>
    /// Overwrites every parameter of <paramref name="model"/> with the GGUF's weights (see
    /// <see cref="LoadWeights(StudentModel, GgufFile)"/>); the model must have the shape
    /// <see cref="ReadConfig(string)"/> gives for the file (any context length). Parameters are copied in
    /// place, so they may already be on a CUDA device and held by an optimizer.
    /// </summary>
    public static void LoadWeights(StudentModel model, string path) => LoadWeights(model, GgufFile.Read(path));

    /// <summary>The file's architecture; an <see cref="InvalidInputException"/> when it is not one of <see cref="SupportedArchitectures"/>.</summary>
    public static string Architecture(GgufFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var architecture = file.GetStringOrDefault(GgufKeys.Architecture)
                           ?? throw new InvalidInputException($"{file.FileName}: has no '{GgufKeys.Architecture}' metadata; cannot initialise a student from it");
        if (!SupportedArchitectures.Contains(architecture, StringComparer.Ordinal))
            throw new InvalidInputException($"{file.FileName}: architecture '{architecture}' is not supported ({string.Join(", ", SupportedArchitectures)})");
        return architecture;
    }

    /// <summary>
    /// The student's shape from <c>{arch}.*</c> metadata. <paramref name="vocabSize"/> is the tokenizer's
    /// token count; the head is tied when the file has no <c>output.weight</c>; Q/K/V have biases for qwen2
    /// (where llama.cpp requires them) and for a llama file that has <c>blk.0.attn_q.bias</c> (llama.cpp
    /// applies optional biases in its llama graph too).
    /// </summary>
    public static StudentConfig ReadConfig(GgufFile file, int vocabSize)
    {
        ArgumentNullException.ThrowIfNull(file);
        var arch = Architecture(file);
        string Key(string suffix) => GgufKeys.Arch(arch, suffix);
        int Required(string suffix) => file.ContainsKey(Key(suffix))
            ? file.GetInt32(Key(suffix))
            : throw new InvalidInputException($"{file.FileName}: metadata key '{Key(suffix)}' not found");

        var embd = Required("embedding_length");
        var heads = Required("attention.head_count");
        var kvHeads = file.ContainsKey(Key("attention.head_count_kv")) ? file.GetInt32(Key("attention.head_count_kv")) : heads;
        var headDim = heads > 0 ? embd / heads : 0;
        foreach (var suffix in new[] { "rope.dimension_count", "attention.key_length", "attention.value_length" })
        {
            if (file.ContainsKey(Key(suffix)) && file.GetInt32(Key(suffix)) != headDim)
                throw new InvalidInputException($"{file.FileName}: {Key(suffix)} = {file.GetInt32(Key(suffix))} differs from the head size {headDim} (n_embd / n_head); the student supports only full-width heads and RoPE");
        }
        var scaling = file.GetStringOrDefault(Key("rope.scaling.type"));
        if (scaling is not (null or "none"))
            throw new InvalidInputException($"{file.FileName}: RoPE scaling '{scaling}' ({Key("rope.scaling.type")}) is not supported by the student");
        if (file.ContainsTensor("rope_freqs.weight"))
            throw new InvalidInputException($"{file.FileName}: has 'rope_freqs.weight' (llama-3.1 RoPE frequency factors), which the student does not support");

        var tokenEmbedding = file.TryGetTensor("token_embd.weight", out var te) ? te
            : throw new InvalidInputException($"{file.FileName}: tensor 'token_embd.weight' is missing");
        if (tokenEmbedding.Shape.Count != 2 || tokenEmbedding.Shape[1] != vocabSize)
            throw new InvalidInputException($"{file.FileName}: token_embd.weight has shape [{string.Join(", ", tokenEmbedding.Shape)}] but the tokenizer has {vocabSize} tokens");

        try
        {
            return new StudentConfig
            {
                VocabSize = vocabSize,
                EmbeddingSize = embd,
                LayerCount = Required("block_count"),
                HeadCount = heads,
                KvHeadCount = kvHeads,
                FeedForwardSize = Required("feed_forward_length"),
                ContextLength = Required("context_length"),
                RopeTheta = file.ContainsKey(Key("rope.freq_base")) ? file.GetFloat32(Key("rope.freq_base")) : 10_000,
                RmsNormEps = file.ContainsKey(Key("attention.layer_norm_rms_epsilon")) ? file.GetFloat32(Key("attention.layer_norm_rms_epsilon")) : 1e-5,
                TiedEmbeddings = !file.ContainsTensor("output.weight"),
                AttentionBias = arch == Qwen2 || file.ContainsTensor("blk.0.attn_q.bias"),
            }.Validated();
        }
        catch (InvalidInputException e)
        {
            throw new InvalidInputException($"{file.FileName}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Copies every tensor of <paramref name="file"/> into <paramref name="model"/> by llama.cpp name (fp32),
    /// after checking that the two hold exactly the same tensors with the same shapes.
    /// </summary>
    public static void LoadWeights(StudentModel model, GgufFile file)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(file);
        var arch = Architecture(file);
        var parameters = model.named_parameters().ToDictionary(p => LlamaTensorNames.ToGguf(p.name), p => p.parameter, StringComparer.Ordinal);
        var missing = parameters.Keys.Where(n => !file.ContainsTensor(n)).ToList();
        if (missing.Count > 0)
            throw new InvalidInputException($"{file.FileName}: tensor{(missing.Count > 1 ? "s" : "")} {List(missing)} missing for a {arch} model of {model.Config.LayerCount} blocks");
        var extra = file.Tensors.Select(t => t.Name).Where(n => !parameters.ContainsKey(n)).ToList();
        if (extra.Count > 0)
            throw new InvalidInputException($"{file.FileName}: unexpected tensor{(extra.Count > 1 ? "s" : "")} {List(extra)} (not part of a {arch} student of this shape)");
        foreach (var (name, parameter) in parameters)
        {
            var info = file.GetTensor(name);
            long[] expected = [.. parameter.shape.Reverse()]; // GGUF lists dimensions innermost first
            if (!info.Shape.SequenceEqual(expected))
                throw new InvalidInputException($"{file.FileName}: tensor '{name}' has shape [{string.Join(", ", info.Shape)}], expected [{string.Join(", ", expected)}]");
        }

        var config = model.Config;
        using var noGrad = no_grad();
        foreach (var (name, parameter) in parameters)
        {
            var values = file.ReadTensorAsFloat32(file.GetTensor(name));
            if (arch == Qwen2 && IsQueryOrKey(name))
                values = NeoxToNorm(values, config.HeadDim, rowLength: (int)(values.Length / parameter.shape[0]));
            using var scope = NewDisposeScope();
            using var source = tensor(values).view(parameter.shape);
            parameter.copy_(source);
        }
    }

    /// <summary>
    /// Reorders the rows of a Q or K weight (or bias, <paramref name="rowLength"/> 1) head by head from
    /// NEOX layout (pairs (i, i + d/2)) to NORM layout (pairs (2i, 2i + 1)).
    /// </summary>
    public static float[] NeoxToNorm(float[] values, int headDim, int rowLength)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (headDim <= 0 || headDim % 2 != 0 || rowLength <= 0 || values.Length % ((long)headDim * rowLength) != 0)
            throw new ArgumentException($"{values.Length} values do not form heads of {headDim} rows of {rowLength}");
        var result = new float[values.Length];
        var half = headDim / 2;
        var rows = values.Length / rowLength;
        for (var head = 0; head < rows / headDim; head++)
        {
            var baseRow = head * headDim;
            for (var i = 0; i < half; i++)
            {
                values.AsSpan((baseRow + i) * rowLength, rowLength).CopyTo(result.AsSpan((baseRow + (2 * i)) * rowLength));
                values.AsSpan((baseRow + half + i) * rowLength, rowLength).CopyTo(result.AsSpan((baseRow + (2 * i) + 1) * rowLength));
            }
        }
        return result;
    }

    /// <summary>The storage type of most matrices (what a user would call the file's type).</summary>
    private static GgufTensorType WeightType(GgufFile file) =>
        file.Tensors.Where(t => t.Shape.Count >= 2).GroupBy(t => t.Type).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault(GgufTensorType.F32);

    private static bool IsQueryOrKey(string name) =>
        name.EndsWith(".attn_q.weight", StringComparison.Ordinal) || name.EndsWith(".attn_k.weight", StringComparison.Ordinal)
        || name.EndsWith(".attn_q.bias", StringComparison.Ordinal) || name.EndsWith(".attn_k.bias", StringComparison.Ordinal);

    private static string List(List<string> names) =>
        string.Join(", ", names.Take(5).Select(n => $"'{n}'")) + (names.Count > 5 ? string.Create(CultureInfo.InvariantCulture, $" and {names.Count - 5} more") : "");
}
