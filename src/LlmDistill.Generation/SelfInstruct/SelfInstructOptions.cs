namespace LlmDistill.Generation.SelfInstruct;

/// <summary>How <see cref="SelfInstructRunner"/> grows a task set (Alpaca's defaults).</summary>
public sealed record SelfInstructOptions
{
    /// <summary>New instructions wanted in total (those already in the output count).</summary>
    public int Target { get; init; } = 100;

    /// <summary>Example tasks shown per prompt.</summary>
    public int ExamplesPerPrompt { get; init; } = 3;

    /// <summary>Length of the list each prompt asks for (examples included).</summary>
    public int ListLength { get; init; } = 20;

    /// <summary>Near-duplicate threshold on ROUGE-L F1 against every kept instruction.</summary>
    public double RougeThreshold { get; init; } = 0.7;

    public double Temperature { get; init; } = 1.0;

    public int MaxTokens { get; init; } = 3072;

    /// <summary>Prompts in flight at once.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>Give up after this many prompts even if the target is not reached.</summary>
    public int MaxPrompts { get; init; } = 10_000;

    public int Seed { get; init; }

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Target, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ExamplesPerPrompt, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ListLength, ExamplesPerPrompt);
        if (RougeThreshold is <= 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(RougeThreshold), RougeThreshold, "must be in (0, 1]");
        ArgumentOutOfRangeException.ThrowIfLessThan(Concurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPrompts, 1);
    }
}
