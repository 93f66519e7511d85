namespace LlmDistill.Generation.Runs;

/// <summary>How <see cref="GenerationRunner"/> samples the teacher.</summary>
public sealed record GenerationOptions
{
    /// <summary>Samples drawn per question (<c>--samples K</c>).</summary>
    public int Samples { get; init; } = 1;

    /// <summary>Sampling temperature; 0 is greedy. Several samples want a temperature above 0.</summary>
    public double Temperature { get; init; }

    public int MaxTokens { get; init; } = 512;

    /// <summary>Top alternatives per generated token to store (<c>--logprobs K</c>, at most 20); 0 for none.</summary>
    public int TopLogprobs { get; init; }

    /// <summary>Requests in flight at once (<c>--concurrency C</c>).</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>Base seed; sample i of an item uses a seed derived from it, so reruns are reproducible.</summary>
    public int? Seed { get; init; }

    /// <summary>Mark samples whose answer disagrees with the item's reference as <c>filtered:wrong_answer</c>.</summary>
    public bool FilterWrongAnswers { get; init; }

    /// <summary>With several samples, mark those outside the majority answer as <c>filtered:minority_answer</c>.</summary>
    public bool SelfConsistency { get; init; }

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Samples, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Samples, 1000);
        ArgumentOutOfRangeException.ThrowIfNegative(Temperature);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTokens, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(TopLogprobs);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(TopLogprobs, 20);
        ArgumentOutOfRangeException.ThrowIfLessThan(Concurrency, 1);
    }
}
