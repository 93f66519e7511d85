using System.Text.Json.Nodes;
using LlmDistill.Core.Errors;
using LlmDistill.Core.Prompts;
using LlmDistill.Training.Data;
using LlmDistill.Training.Trainer;
using static TorchSharp.torch;

namespace LlmDistill.Training.Tests.Trainer;

public class DistillTrainerTests
{
    [Fact]
    public void A_tiny_model_learns_the_tiny_task_well_below_the_unigram_baseline()
    {
        using var dirTemp = new TempDirectory();
        var dir = dirTemp.Path;
        var records = TinyTask.Records(400);
        var options = TinyTask.Options with { Steps = 250, BatchSize = 16, WarmupSteps = 20, EvalEvery = 250, CheckpointEvery = 0, LogEvery = 50 };
        using var trainer = DistillTrainer.Create(TinyTask.Model, TinyTask.Tokenizer, new Objective(), options, records, 0.1, dir);
        var baseline = UnigramEntropy(records);
        var before = trainer.Evaluate().Loss;

        var result = trainer.Run();

        var (after, parts) = trainer.Evaluate();
        Assert.True(before > baseline, $"an untrained model ({before:F3}) should be worse than unigram ({baseline:F3})");
        Assert.True(after < 0.6 * baseline, $"validation loss {after:F3} not well below the unigram baseline {baseline:F3}");
        Assert.True(parts[StudentFormat.Target.Rationale] < parts[StudentFormat.Target.Answer] + 1, "both targets were trained");
        Assert.Equal(250, result.Steps);
        Assert.True(Directory.Exists(result.LastCheckpoint));

        var lines = File.ReadAllLines(Path.Combine(dir, "metrics.jsonl")).Select(l => JsonNode.Parse(l)!).ToArray();
        var train = lines.Where(l => l["loss"] is not null).ToArray();
        Assert.Equal([50, 100, 150, 200, 250], train.Select(l => l["step"]!.GetValue<int>()));
        Assert.All(train, l => Assert.True(l["tokens_per_s"]!.GetValue<double>() > 0 && l["rss_mb"]!.GetValue<double>() > 0 && l["loss_answer"] is not null));
        Assert.Single(lines, l => l["val_loss"] is not null);
    }

    [Fact]
    public void Resuming_after_a_kill_reproduces_the_uninterrupted_run()
    {
        var records = TinyTask.Records(120);
        using var straightDirTemp = new TempDirectory();
        var straightDir = straightDirTemp.Path;
        using var straight = DistillTrainer.Create(TinyTask.Model, TinyTask.Tokenizer, new Objective(), TinyTask.Options, records, 0.1, straightDir);
        var expected = straight.Run();

        using var resumedDirTemp = new TempDirectory();
        var resumedDir = resumedDirTemp.Path;
        using (var first = DistillTrainer.Create(TinyTask.Model, TinyTask.Tokenizer, new Objective(), TinyTask.Options, records, 0.1, resumedDir))
        {
            using var kill = new CancellationTokenSource();
            // Cancel after step 13: the checkpoint at 10 is older, so the cancel path writes step 13.
            var progress = new SyncProgress<TrainingProgress>(p => { if (p.Step == 13) kill.Cancel(); });
            Assert.Throws<OperationCanceledException>(() => first.Run(progress, kill.Token));
        }
        using var second = DistillTrainer.Create(TinyTask.Model, TinyTask.Tokenizer, new Objective(), TinyTask.Options, records, 0.1, resumedDir);
        Assert.True(second.ResumeFromLatest());
        Assert.Equal(13, second.Step);
        var actual = second.Run();

        Assert.Equal(expected.Steps, actual.Steps);
        Assert.Equal(expected.FinalLoss, actual.FinalLoss, 4);
        Assert.Equal(expected.TokensSeen, actual.TokensSeen);
        var a = straight.Model.state_dict();
        foreach (var (name, weight) in second.Model.state_dict())
            Assert.True(weight.allclose(a[name], rtol: 1e-4, atol: 1e-6), $"{name} differs after resume");
        var steps = File.ReadAllLines(Path.Combine(resumedDir, "metrics.jsonl"))
            .Select(l => JsonNode.Parse(l)!).Where(l => l["loss"] is not null).Select(l => l["step"]!.GetValue<int>());
        Assert.Equal([5, 10, 15, 20], steps); // nothing logged twice
    }

    [Fact]
    public void A_nan_loss_keeps_the_last_good_weights_and_names_the_step()
    {
        using var dirTemp = new TempDirectory();
        var dir = dirTemp.Path;
        using var trainer = DistillTrainer.Create(TinyTask.Model, TinyTask.Tokenizer, new Objective(), TinyTask.Options, TinyTask.Records(40), 0.1, dir);
        trainer.Run(); // 20 good steps, checkpoint at 20
        using var trainer2 = DistillTrainer.Create(TinyTask.Model, TinyTask.Tokenizer, new Objective(),
            TinyTask.Options with { Steps = 30 }, TinyTask.Records(40), 0.1, dir);
        Assert.True(trainer2.ResumeFromLatest());
        using (no_grad())
            trainer2.Model.parameters().First().fill_(double.NaN);
        var error = Assert.Throws<ComputationException>(() => trainer2.Run());
        Assert.Contains("step 21", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "checkpoints", "step-000020", Checkpoint.ModelFile)));
    }

    [Fact]
    public void Options_and_vocabulary_mismatches_are_user_errors()
    {
        using var dirTemp = new TempDirectory();
        var dir = dirTemp.Path;
        Assert.Throws<InvalidInputException>(() => DistillTrainer.Create(TinyTask.Model with { VocabSize = 100 }, TinyTask.Tokenizer,
            new Objective(), TinyTask.Options, TinyTask.Records(10), 0.1, dir));
        Assert.Throws<InvalidInputException>(() => DistillTrainer.Create(TinyTask.Model, TinyTask.Tokenizer,
            new Objective(Alpha: 1.5), TinyTask.Options, TinyTask.Records(10), 0.1, dir));
        Assert.Throws<InvalidInputException>(() => DistillTrainer.Create(TinyTask.Model, TinyTask.Tokenizer,
            new Objective(), TinyTask.Options with { BatchSize = 0 }, TinyTask.Records(10), 0.1, dir));
    }

    // Entropy (nats) of the target tokens' unigram distribution: the loss of the best model that ignores context.
    private static double UnigramEntropy(IReadOnlyList<DistillRecord> records)
    {
        var counts = new Dictionary<int, int>();
        foreach (var example in new ExampleEncoder(TinyTask.Tokenizer, new Objective(), 128).Encode(records).SelectMany(g => g))
        {
            foreach (var token in example.Tokens[example.PromptLength..])
                counts[token] = counts.GetValueOrDefault(token) + 1;
        }
        double total = counts.Values.Sum();
        return -counts.Values.Sum(c => c / total * Math.Log(c / total));
    }
}
