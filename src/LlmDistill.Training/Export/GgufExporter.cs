using LlmDistill.Gguf.Llama;
using LlmDistill.Gguf.Tokenizer;
using LlmDistill.Training.Model;
using static TorchSharp.torch;

namespace LlmDistill.Training.Export;

/// <summary>
/// Writes a <see cref="StudentModel"/> as a llama-architecture GGUF that llama.cpp runs unchanged:
/// complete <c>llama.*</c> metadata, the student's tokenizer, every weight under its llama.cpp name.
/// </summary>
/// <remarks>
/// Q/K are written as they are: <see cref="RotaryEmbedding"/> rotates consecutive pairs, which is
/// llama.cpp's NORM rope mode (see <see cref="RopeLayout"/>). A tied head writes no
/// <c>output.weight</c>; llama.cpp then uses token_embd. Only <see cref="ExportVerifier"/> proves the
/// layout right: a wrong one loads and runs, it just computes something else.
/// </remarks>
public static class GgufExporter
{
    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> (atomically) and returns the file's size in bytes.</summary>
    public static long Export(StudentModel model, GgufTokenizerMetadata tokenizer, string path, GgufExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= new GgufExportOptions();
        var writer = new LlamaGgufWriter(HyperParameters(model.Config), options.WeightType, options.Name);
        writer.SetTokenizer(tokenizer);
        if (options.Objective is { Length: > 0 } objective)
            writer.Writer.SetString(GgufMetadataKeys.Objective, objective);
        if (options.Format is { Length: > 0 } format)
            writer.Writer.SetString(GgufMetadataKeys.Format, format);
        foreach (var (name, values) in Weights(model))
            writer.SetTensor(name, values);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        writer.Write(path);
        return new FileInfo(path).Length;
    }

    /// <summary>llama.cpp's view of a student's shape.</summary>
    public static LlamaHyperParameters HyperParameters(StudentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new LlamaHyperParameters(
            config.VocabSize, config.EmbeddingSize, config.LayerCount, config.HeadCount, config.KvHeadCount,
            config.FeedForwardSize, config.ContextLength, (float)config.RopeTheta, (float)config.RmsNormEps,
            config.TiedEmbeddings, config.AttentionBias);
    }

    /// <summary>
    /// Every parameter as fp32 under its GGUF name. A PyTorch (out, in) weight flattened row-major is
    /// exactly GGUF's [in, out] (innermost first), so no transposition is needed.
    /// </summary>
    public static IEnumerable<(string Name, float[] Values)> Weights(StudentModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (var (name, parameter) in model.named_parameters())
        {
            float[] values;
            using (NewDisposeScope())
                values = parameter.detach().to_type(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
            yield return (LlamaTensorNames.ToGguf(name), values);
        }
    }
}
