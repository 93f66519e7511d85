using System.Text.Json;
using LlmDistill.Evaluation.Output;
using LlmDistill.Generation.Tasks;
using LlmDistill.Storage.Examples;
using LlmDistill.Training.Trainer;

namespace LlmDistill.Cli.Pipeline;

/// <summary>
/// Whether a step's outputs are complete, read from what the verbs leave behind: the split files, the last
/// checkpoint's step, a GGUF newer than that checkpoint, the generation manifest's counts, metrics.json.
/// </summary>
internal static class StepStatus
{
    public static async Task<bool> IsCompleteAsync(PipelineStep step, Verbs verbs, CancellationToken cancellationToken) => step.Kind switch
    {
        StepKind.MakeTasks => File.Exists(step.Output),
        StepKind.SplitTasks => TaskSplits.Names.All(n => File.Exists(Path.Combine(step.Output, n + ".jsonl"))),
        StepKind.Train => IsTrained(step.Output, verbs.Value<int>(step.Args, "--steps"), verbs.Value<int>(step.Args, "--early-stopping")),
        StepKind.Export => IsExported(step.Output, step.Inputs[0].Path),
        StepKind.Generate => await IsGeneratedAsync(step, verbs, cancellationToken),
        StepKind.Eval => EvaluationDirectory.IsComplete(step.Output),
        _ => false,
    };

    /// <summary>A training run folder with a checkpoint: <c>train --resume</c> continues it.</summary>
    public static bool HasCheckpoints(string runFolder) => Directory.Exists(Path.Combine(runFolder, "checkpoints"));

    /// <summary>
    /// An input of a finished evaluation that was written after it (a model exported again since): the results describe
    /// what no longer exists. Null when there is none.
    /// </summary>
    public static string? NewerInput(PipelineStep step)
    {
        var metrics = EvaluationDirectory.MetricsPath(step.Output);
        return step.Kind != StepKind.Eval || !File.Exists(metrics)
            ? null
            : step.Inputs.FirstOrDefault(i => File.Exists(i.Path) && File.GetLastWriteTimeUtc(i.Path) > File.GetLastWriteTimeUtc(metrics))?.Path;
    }

    /// <summary>An evaluation folder with results (an interrupted run leaves predictions only), which only <c>eval --overwrite</c> replaces.</summary>
    public static bool HasEvalResults(string directory) =>
        File.Exists(EvaluationDirectory.PredictionsPath(directory)) || EvaluationDirectory.IsComplete(directory);

    // Finished: the last checkpoint reached the steps asked for, or early stopping ended the run.
    private static bool IsTrained(string runFolder, int steps, int patience)
    {
        if (!File.Exists(Path.Combine(runFolder, "checkpoints", Checkpoint.LatestFile)))
            return false;
        var latest = Checkpoint.Latest(Path.Combine(runFolder, "checkpoints"))!;
        using var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(latest, Checkpoint.StateFile)));
        var root = state.RootElement;
        return root.GetProperty("step").GetInt32() >= steps
            || (patience > 0 && root.GetProperty("evals_without_improvement").GetInt32() >= patience);
    }

    // The GGUF was written after the checkpoint it should hold (a resumed training writes a newer one).
    private static bool IsExported(string gguf, string latestPointer) =>
        File.Exists(gguf) && File.Exists(latestPointer) && File.GetLastWriteTimeUtc(gguf) > File.GetLastWriteTimeUtc(latestPointer);

    // Every question has its samples stored (failed ones included: generate records them rather than retrying).
    private static async Task<bool> IsGeneratedAsync(PipelineStep step, Verbs verbs, CancellationToken cancellationToken)
    {
        var manifest = await RunManifestFile.ReadAsync(ExampleDatasetLayout.ManifestPath(step.Output), cancellationToken);
        if (manifest is null)
            return false;
        var questions = (await TaskFileReader.ReadAsync(step.Inputs[0].Path, cancellationToken: cancellationToken)).Items.Count;
        return manifest.Counts.Values.Sum() >= (long)questions * verbs.Value<int>(step.Args, "--samples");
    }
}
