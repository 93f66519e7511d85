namespace LlmDistill.Training.Trainer;

/// <summary>Linear warmup to the peak rate, then cosine decay to the minimum at the last step (nanoGPT's get_lr).</summary>
public sealed record LearningRateSchedule(double Peak, double Minimum, int WarmupSteps, int TotalSteps)
{
    /// <summary>Rate for 0-based <paramref name="step"/>.</summary>
    public double At(int step)
    {
        if (step < WarmupSteps)
            return Peak * (step + 1) / WarmupSteps;
        if (step >= TotalSteps)
            return Minimum;
        var progress = (double)(step - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps); // 0 → 1
        return Minimum + 0.5 * (1 + Math.Cos(Math.PI * progress)) * (Peak - Minimum);
    }
}
