namespace LlmDistill.Training.Trainer;

/// <summary>Reported after every optimizer step, for a progress bar with ETA.</summary>
/// <param name="Step">Steps done (1-based).</param>
/// <param name="TokensPerSecond">Average over this run (since start or resume), evaluation included.</param>
/// <param name="ValidationLoss">Latest validation loss, when one has been measured.</param>
/// <param name="TokensSeen">Real (non-padding) input tokens trained on, resumed steps included.</param>
public sealed record TrainingProgress(
    int Step,
    int TotalSteps,
    double Loss,
    double LearningRate,
    double TokensPerSecond,
    TimeSpan Elapsed,
    TimeSpan Remaining,
    double? ValidationLoss,
    long TokensSeen);
