using LlmDistill.Core.Errors;
using LlmDistill.Training.Data;
using LlmDistill.Training.Trainer;

namespace LlmDistill.Training.Tests.Trainer;

public class CheckpointTests
{
    [Fact]
    public void Checkpoints_are_complete_directories_and_old_ones_are_pruned()
    {
        using var dirTemp = new TempDirectory();
        var dir = dirTemp.Path;
        var options = TinyTask.Options with { Steps = 12, CheckpointEvery = 3, KeepCheckpoints = 2, EvalEvery = 0 };
        using var trainer = DistillTrainer.Create(TinyTask.Model, TinyTask.Tokenizer, new Objective(), options, TinyTask.Records(40), 0.1, dir);
        var result = trainer.Run();

        var root = Path.Combine(dir, "checkpoints");
        Assert.Equal(["step-000009", "step-000012"], Directory.GetDirectories(root).Select(Path.GetFileName).Order());
        Assert.Equal(Path.Combine(root, "step-000012"), Checkpoint.Latest(root));
        Assert.Equal(result.LastCheckpoint, Checkpoint.Latest(root));
        foreach (var file in new[] { Checkpoint.ModelFile, Checkpoint.OptimizerFile, Checkpoint.RngFile, Checkpoint.StateFile, Checkpoint.ConfigFile, ByteTokenizer.FileName })
            Assert.True(File.Exists(Path.Combine(result.LastCheckpoint, file)), file);
        Assert.Equal(TinyTask.Model, Checkpoint.ReadConfig(result.LastCheckpoint));
        Assert.Empty(Directory.GetFileSystemEntries(root, ".tmp-*"));
    }

    [Fact]
    public void A_corrupt_checkpoint_is_a_user_error()
    {
        using var dirTemp = new TempDirectory();
        var dir = dirTemp.Path;
        var options = TinyTask.Options with { Steps = 2, EvalEvery = 0 };
        using (var trainer = DistillTrainer.Create(TinyTask.Model, TinyTask.Tokenizer, new Objective(), options, TinyTask.Records(20), 0.1, dir))
            trainer.Run();
        var latest = Checkpoint.Latest(Path.Combine(dir, "checkpoints"))!;
        File.WriteAllBytes(Path.Combine(latest, Checkpoint.ModelFile), [1, 2, 3]);
        using var resumed = DistillTrainer.Create(TinyTask.Model, TinyTask.Tokenizer, new Objective(), options, TinyTask.Records(20), 0.1, dir);
        Assert.Throws<InvalidInputException>(() => resumed.ResumeFromLatest());
    }

    [Fact]
    public void Early_stopping_ends_the_run_when_validation_stops_improving()
    {
        using var dirTemp = new TempDirectory();
        var dir = dirTemp.Path;
        // A learning rate too small to move the weights: validation loss never improves after the first evaluation.
        var options = TinyTask.Options with { Steps = 100, LearningRate = 1e-12, MinLearningRate = 0, EvalEvery = 2, EarlyStoppingPatience = 2 };
        using var trainer = DistillTrainer.Create(TinyTask.Model, TinyTask.Tokenizer, new Objective(), options, TinyTask.Records(40), 0.2, dir);
        var result = trainer.Run();
        Assert.True(result.StoppedEarly);
        Assert.Equal(6, result.Steps); // evaluations at 2 (best), 4, 6 (second without improvement)
        Assert.True(Directory.Exists(Path.Combine(dir, "checkpoints", "best")));
    }
}
