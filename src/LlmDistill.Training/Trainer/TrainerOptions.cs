using LlmDistill.Core.Errors;

namespace LlmDistill.Training.Trainer;

/// <summary>How to train. Defaults are DESIGN.md's measured starting point (batch 64, AdamW 2e-3, warmup + cosine).</summary>
public sealed record TrainerOptions
{
    /// <summary>Optimizer steps to run (each of <see cref="GradientAccumulation"/> micro-batches).</summary>
    public int Steps { get; init; } = 2000;

    /// <summary>Sequences per micro-batch.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Micro-batches per optimizer step; the effective batch is BatchSize × GradientAccumulation.</summary>
    public int GradientAccumulation { get; init; } = 1;

    /// <summary>Peak learning rate, reached after <see cref="WarmupSteps"/>.</summary>
    public double LearningRate { get; init; } = 2e-3;

    /// <summary>Floor of the cosine decay (nanoGPT: a tenth of the peak).</summary>
    public double MinLearningRate { get; init; } = 2e-4;

    public int WarmupSteps { get; init; } = 100;

    /// <summary>AdamW decoupled weight decay, applied to matrices only: norms and the embedding are not decayed.</summary>
    public double WeightDecay { get; init; } = 0.1;

    public double Beta1 { get; init; } = 0.9;

    /// <summary>0.95 rather than Adam's 0.999: steadier for small-batch transformer training.</summary>
    public double Beta2 { get; init; } = 0.95;

    /// <summary>Global gradient-norm clip; 0 turns clipping off.</summary>
    public double GradientClip { get; init; } = 1.0;

    /// <summary>Seeds the weights (the model's own generator), the train/validation split and the data order.</summary>
    public int Seed { get; init; } = 1337;

    /// <summary>Validation loss every this many steps (and at the end); 0 = never.</summary>
    public int EvalEvery { get; init; } = 100;

    /// <summary>Stop when validation loss has not improved for this many evaluations; 0 = off.</summary>
    public int EarlyStoppingPatience { get; init; }

    /// <summary>Checkpoint every this many steps (and at the end); 0 = only at the end.</summary>
    public int CheckpointEvery { get; init; } = 500;

    /// <summary>Checkpoints kept besides <c>best</c>; older ones are deleted.</summary>
    public int KeepCheckpoints { get; init; } = 2;

    /// <summary>Pack several examples per row instead of padding each to the batch's longest.</summary>
    public bool Packing { get; init; }

    /// <summary>cpu | cuda | cuda:N | auto.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Compute in bfloat16 with fp32 master weights (meant for CUDA; works, slowly, on CPU).</summary>
    public bool Bf16 { get; init; }

    /// <summary>
    /// Collect garbage every this many steps: a dispose scope frees tensors, but TorchSharp's managed
    /// wrappers still hold native memory until finalizers run, and RSS creeps up without this.
    /// </summary>
    public int CollectGarbageEvery { get; init; } = 20;

    /// <summary>A metrics.jsonl line every this many steps.</summary>
    public int LogEvery { get; init; } = 10;

    public TrainerOptions Validated()
    {
        static void Check(bool ok, string message)
        {
            if (!ok)
                throw new InvalidInputException($"training options: {message}");
        }
        Check(Steps > 0, "steps must be positive");
        Check(BatchSize > 0 && GradientAccumulation > 0, "batch size and gradient accumulation must be positive");
        Check(LearningRate > 0 && MinLearningRate >= 0 && MinLearningRate <= LearningRate, "need 0 ≤ min learning rate ≤ learning rate, learning rate > 0");
        Check(WarmupSteps >= 0 && WeightDecay >= 0 && GradientClip >= 0, "warmup, weight decay and clip must not be negative");
        Check(Beta1 is >= 0 and < 1 && Beta2 is >= 0 and < 1, "betas must be in [0, 1)");
        Check(EvalEvery >= 0 && CheckpointEvery >= 0 && EarlyStoppingPatience >= 0 && KeepCheckpoints >= 1, "intervals must not be negative; keep at least one checkpoint");
        Check(CollectGarbageEvery > 0 && LogEvery > 0, "garbage collection and log intervals must be positive");
        return this;
    }
}
