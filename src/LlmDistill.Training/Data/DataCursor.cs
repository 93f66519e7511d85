namespace LlmDistill.Training.Data;

/// <summary>Where a <see cref="BatchLoader"/> stands: the epoch (which fixes the shuffled order) and the next group in it.</summary>
public readonly record struct DataCursor(int Epoch, int Position);
