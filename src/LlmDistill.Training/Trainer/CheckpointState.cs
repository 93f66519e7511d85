using System.Text.Json.Serialization;
using LlmDistill.Training.Data;

namespace LlmDistill.Training.Trainer;

/// <summary>Everything besides tensors that a resumed run needs to continue exactly where it stopped.</summary>
/// <param name="Step">Optimizer steps done.</param>
/// <param name="Data">The training batch loader's position.</param>
/// <param name="EvalsWithoutImprovement">Early-stopping counter.</param>
public sealed record CheckpointState(
    [property: JsonPropertyName("step")] int Step,
    [property: JsonPropertyName("data")] DataCursor Data,
    [property: JsonPropertyName("best_validation_loss")] double? BestValidationLoss,
    [property: JsonPropertyName("evals_without_improvement")] int EvalsWithoutImprovement,
    [property: JsonPropertyName("tokens_seen")] long TokensSeen,
    [property: JsonPropertyName("last_loss")] double LastLoss);
