namespace LlmDistill.Evaluation.Reports.Input;

/// <summary>
/// What a trainer's output folder says about a run: its loss curves (metrics.jsonl) and its hyper-parameters
/// (config.json, flattened to dotted keys).
/// </summary>
public sealed record TrainingLog(string Directory, IReadOnlyList<TrainingSeries> Losses, IReadOnlyDictionary<string, string> Config);
