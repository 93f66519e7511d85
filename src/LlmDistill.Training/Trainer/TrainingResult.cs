namespace LlmDistill.Training.Trainer;

/// <summary>What a run ended with.</summary>
/// <param name="Steps">Optimizer steps done in total (resumed steps included).</param>
/// <param name="FinalLoss">Training loss of the last step.</param>
/// <param name="BestValidationLoss">Lowest validation loss seen; null without validation.</param>
/// <param name="StoppedEarly">Early stopping ended the run.</param>
/// <param name="LastCheckpoint">Directory of the final checkpoint.</param>
public sealed record TrainingResult(
    int Steps,
    double FinalLoss,
    double? BestValidationLoss,
    bool StoppedEarly,
    string LastCheckpoint,
    long TokensSeen);
