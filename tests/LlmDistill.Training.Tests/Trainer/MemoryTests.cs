using LlmDistill.Training.Data;
using LlmDistill.Training.Trainer;

namespace LlmDistill.Training.Tests.Trainer;

// RSS is the whole test process's: other tests training or loading models at the same time would be
// counted as this trainer's growth, so this one runs alone.
[Collection(RunsAlone.Name)]
public class MemoryTests
{
    // DESIGN.md: dispose scopes keep tensor counts flat, but native memory grows until finalizers run.
    // The trainer's per-step scope plus periodic collection must keep RSS bounded. Throughput is not
    // asserted here (scripts/bench-train measures it).
    [Fact]
    [Trait("Category", "Slow")]
    public void Resident_memory_stays_flat_over_hundreds_of_steps()
    {
        var options = TinyTask.Options with { Steps = 400, BatchSize = 16, EvalEvery = 100, CheckpointEvery = 0, LogEvery = 50 };
        using var dir = new TempDirectory();
        using var trainer = DistillTrainer.Create(TinyTask.Model, TinyTask.Tokenizer, new Objective(), options, TinyTask.Records(300), 0.1, dir.Path);
        long afterWarmup = 0, peak = 0;
        trainer.Run(new SyncProgress<TrainingProgress>(p =>
        {
            if (p.Step == 50)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                afterWarmup = Environment.WorkingSet;
            }
            else if (p.Step > 50)
            {
                peak = Math.Max(peak, Environment.WorkingSet);
            }
        }));
        var growthMb = (peak - afterWarmup) / 1048576.0;
        Assert.True(growthMb < 200, $"RSS grew {growthMb:F0} MB over 350 steps after warm-up");
    }
}
