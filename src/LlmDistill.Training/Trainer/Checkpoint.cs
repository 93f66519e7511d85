using System.Text.Json;
using LlmDistill.Core.Errors;
using LlmDistill.Storage.IO;
using LlmDistill.Training.Data;
using LlmDistill.Training.Model;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmDistill.Training.Trainer;

/// <summary>
/// A checkpoint is a directory — <c>model.bin</c> (TorchSharp weights), <c>optimizer.bin</c> (AdamW
/// moments and step counts), <c>rng.bin</c>, <c>state.json</c> (<see cref="CheckpointState"/>),
/// <c>config.json</c> (<see cref="StudentConfig"/>) and the tokenizer's files — written to a temporary
/// directory and renamed into place, so a kill at any moment leaves either the old or the new
/// checkpoint, never half of one. <c>latest</c> (a one-line file, also replaced atomically) names the newest.
/// </summary>
public static class Checkpoint
{
    public const string ModelFile = "model.bin";
    public const string OptimizerFile = "optimizer.bin";
    public const string RngFile = "rng.bin";
    public const string StateFile = "state.json";
    public const string ConfigFile = "config.json";
    public const string LatestFile = "latest";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Writes checkpoint <paramref name="name"/> under <paramref name="root"/>, replacing one of that name; returns its path.</summary>
    /// <param name="objective">How the student was trained, recorded beside its shape so that an export
    /// can tell the evaluator which prompt format to use.</param>
    public static string Save(string root, string name, StudentModel model, OptimizerHelper optimizer, CheckpointState state,
        IStudentTokenizer tokenizer, bool markLatest = true, Objective? objective = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(tokenizer);
        Directory.CreateDirectory(root);
        var final = Path.Combine(root, name);
        var temp = Path.Combine(root, $".tmp-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        model.save(Path.Combine(temp, ModelFile));
        optimizer.save_state_dict(Path.Combine(temp, OptimizerFile));
        using (var rng = random.get_rng_state())
            rng.save(Path.Combine(temp, RngFile));
        File.WriteAllText(Path.Combine(temp, StateFile), JsonSerializer.Serialize(state, Json));
        var config = JsonSerializer.SerializeToNode(model.Config, Json)!.AsObject();
        if (objective is not null)
        {
            config["objective"] = objective.Name;
            config["format"] = objective.Name;
        }
        File.WriteAllText(Path.Combine(temp, ConfigFile), config.ToJsonString(Json));
        tokenizer.Save(temp);

        // Swap in: the old checkpoint of this name (e.g. "best") moves aside before the new one lands.
        string? old = null;
        if (Directory.Exists(final))
        {
            old = Path.Combine(root, $".old-{name}-{Guid.NewGuid():N}");
            Directory.Move(final, old);
        }
        Directory.Move(temp, final);
        if (old is not null)
            Directory.Delete(old, recursive: true);
        if (markLatest)
            WriteAtomically(Path.Combine(root, LatestFile), name + "\n");
        return final;
    }

    /// <summary>The newest checkpoint's directory, or null when there is none.</summary>
    public static string? Latest(string root)
    {
        var pointer = Path.Combine(root, LatestFile);
        if (!File.Exists(pointer))
            return null;
        var dir = Path.Combine(root, File.ReadAllText(pointer).Trim());
        return Directory.Exists(dir) ? dir : throw new InvalidInputException($"{pointer} names a checkpoint that does not exist: {dir}");
    }

    /// <summary>The model shape a checkpoint was trained with (to build the model before <see cref="Load"/>).</summary>
    public static StudentConfig ReadConfig(string directory) =>
        Read<StudentConfig>(Path.Combine(directory, ConfigFile)).Validated();

    /// <summary>Loads weights (and optimizer and RNG state, when an optimizer is given) into existing objects.</summary>
    public static CheckpointState Load(string directory, StudentModel model, OptimizerHelper? optimizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        var config = ReadConfig(directory);
        if (config != model.Config)
            throw new InvalidInputException($"{directory}: checkpoint was trained with a different model shape ({Path.Combine(directory, ConfigFile)})");
        try
        {
            model.load(Path.Combine(directory, ModelFile));
            if (optimizer is not null)
            {
                optimizer.load_state_dict(Path.Combine(directory, OptimizerFile));
                using var rng = Tensor.load(Path.Combine(directory, RngFile));
                random.set_rng_state(rng);
            }
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or EndOfStreamException)
        {
            throw new InvalidInputException($"{directory}: checkpoint is incomplete or corrupt ({e.Message.Split('\n')[0]})", e);
        }
        return Read<CheckpointState>(Path.Combine(directory, StateFile));
    }

    /// <summary>Deletes step checkpoints beyond the newest <paramref name="keep"/> (never <c>best</c> or the latest).</summary>
    public static void Prune(string root, int keep)
    {
        if (!Directory.Exists(root))
            return;
        var latest = Latest(root);
        foreach (var dir in Directory.GetDirectories(root, "step-*").Order(StringComparer.Ordinal).Reverse().Skip(keep))
        {
            if (dir != latest)
                Directory.Delete(dir, recursive: true);
        }
    }

    private static T Read<T>(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path)) ?? throw new InvalidInputException($"{path}: empty");
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            throw new InvalidInputException($"{path}: unreadable checkpoint file ({e.Message.Split('\n')[0]})", e);
        }
    }

    private static void WriteAtomically(string path, string text) => AtomicFile.WriteAllText(path, text);
}
