using System.Text.Json;
using LlmDistill.Core.Errors;
using LlmDistill.Gguf;
using LlmDistill.Training.Data;
using LlmDistill.Training.Model;
using LlmDistill.Training.Trainer;

namespace LlmDistill.Training.Export;

/// <summary>
/// The <c>export</c> verb's work: a trainer checkpoint → student.gguf, then (unless skipped) the llama.cpp
/// parity check of <see cref="ExportVerifier"/>. A file that fails verification is kept (to inspect) but
/// the call throws <see cref="ComputationException"/>.
/// </summary>
public static class CheckpointExporter
{
    /// <summary>
    /// The checkpoint directory <paramref name="path"/> means: a checkpoint itself (holds config.json),
    /// a checkpoints folder, or a training output folder (both resolved through their <c>latest</c>).
    /// </summary>
    public static string ResolveCheckpoint(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        if (!Directory.Exists(full))
            throw new InvalidInputException($"{full}: checkpoint directory not found");
        if (File.Exists(Path.Combine(full, Checkpoint.ConfigFile)))
            return full;
        foreach (var root in new[] { full, Path.Combine(full, "checkpoints") })
        {
            if (File.Exists(Path.Combine(root, Checkpoint.LatestFile)) && Checkpoint.Latest(root) is { } latest)
                return latest;
        }
        throw new InvalidInputException($"{full}: not a checkpoint (no {Checkpoint.ConfigFile}, and no checkpoints/{Checkpoint.LatestFile})");
    }

    /// <summary>Loads the checkpoint's weights (on the CPU, fp32) and tokenizer.</summary>
    public static (StudentModel Model, IStudentTokenizer Tokenizer) Load(string checkpoint)
    {
        var config = Checkpoint.ReadConfig(checkpoint);
        var tokenizer = StudentTokenizers.Load(checkpoint);
        if (tokenizer.VocabSize != config.VocabSize)
            throw new InvalidInputException($"{checkpoint}: the tokenizer has {tokenizer.VocabSize} tokens but the model's vocab_size is {config.VocabSize}");
        var model = new StudentModel(config);
        try
        {
            Checkpoint.Load(checkpoint, model, optimizer: null);
        }
        catch (Exception e) when (e is not LlmDistillException and not OperationCanceledException and not OutOfMemoryException)
        {
            // libtorch reports a truncated or foreign file in several ways; to the user it is one thing.
            model.Dispose();
            throw new InvalidInputException($"{checkpoint}: checkpoint weights are incomplete or corrupt ({e.Message.Split('\n')[0]})", e);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        return (model, tokenizer);
    }

    public static async Task<ExportReport> ExportAsync(string checkpoint, string outputPath, GgufTensorType weightType, bool verify = true,
        VerificationOptions? verification = null, string? name = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        var directory = ResolveCheckpoint(checkpoint);
        var (model, tokenizer) = Load(directory);
        using (model)
        {
            var (objective, format) = ReadProvenance(directory);
            var options = new GgufExportOptions { WeightType = weightType, Objective = objective, Format = format };
            if (name is { Length: > 0 })
                options = options with { Name = name };
            var size = GgufExporter.Export(model, StudentTokenizerMetadata.For(tokenizer), outputPath, options);
            ExportVerification? result = null;
            if (verify)
            {
                var prompts = ExportVerifier.ProbePrompts(tokenizer, model.Config.ContextLength);
                result = await ExportVerifier.VerifyAsync(model, outputPath, weightType, prompts, verification, cancellationToken).ConfigureAwait(false);
            }
            return new ExportReport(Path.GetFullPath(outputPath), size, weightType, directory, result);
        }
    }

    // How the student was trained, when the checkpoint says: "objective"/"format" beside the shape in config.json.
    private static (string? Objective, string? Format) ReadProvenance(string checkpoint)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(checkpoint, Checkpoint.ConfigFile)));
            return (Text(document.RootElement, "objective"), Text(document.RootElement, "format"));
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return (null, null); // ReadConfig already read this file; provenance is optional.
        }

        static string? Text(JsonElement root, string name) =>
            root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
    }
}
