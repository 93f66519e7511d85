using LlmDistill.Training.Data;
using LlmDistill.Training.Export;
using LlmDistill.Training.Import;
using LlmDistill.Training.Model;
using LlmDistill.Training.Tests.Trainer;
using LlmDistill.Training.Trainer;

namespace LlmDistill.Training.Tests.Import;

/// <summary>
/// The <c>--init</c> wiring proposed for TrainCommand: tokenizer and shape from the GGUF (context clamped to
/// the training length), the trainer built as usual, then the GGUF's weights copied into its model in place.
/// </summary>
public class InitTrainingTests
{
    [Fact]
    public void A_trainer_initialised_from_a_qwen2_gguf_starts_from_its_weights_trains_and_checkpoints_them()
    {
        using var dir = new TempDirectory();
        var llama = ImportModels.WriteLlama(Path.Combine(dir.Path, "llama.gguf"), ImportModels.Parameters(4, 2, tied: true, contextLength: 4096));
        var init = ImportModels.WriteQwen2(Path.Combine(dir.Path, "qwen2.gguf"), llama);
        var tokenizer = GgufImporter.ReadTokenizer(init);
        var config = GgufImporter.ReadConfig(init);
        config = config with { ContextLength = Math.Min(config.ContextLength, 128) };
        var run = Path.Combine(dir.Path, "run");
        var options = TinyTask.Options with { Steps = 4, CheckpointEvery = 4, EvalEvery = 0 };

        using var trainer = DistillTrainer.Create(config, tokenizer, new Objective(), options, TinyTask.Records(20), 0.1, run);
        GgufImporter.LoadWeights(trainer.Model, init);
        using (var imported = GgufImporter.Load(init))
            Assert.Equal(GgufExporter.Weights(imported.Model).Select(w => w.Values), GgufExporter.Weights(trainer.Model).Select(w => w.Values));
        var before = GgufExporter.Weights(trainer.Model).ToDictionary(w => w.Name, w => w.Values);
        var result = trainer.Run();

        Assert.Equal(128, config.ContextLength);
        Assert.True(result.Steps == 4 && double.IsFinite(result.FinalLoss) && result.FinalLoss > 0, $"{result.Steps} steps, loss {result.FinalLoss}");
        var after = GgufExporter.Weights(trainer.Model).ToDictionary(w => w.Name, w => w.Values);
        foreach (var (name, values) in before)
        {
            // every weight trains (biases, norms and embedding included), and a few small steps move it only a little
            var change = values.Zip(after[name], (a, b) => Math.Abs(a - b)).Max();
            Assert.True(change is > 0 and < 0.1f, $"{name} moved by {change}");
        }

        Assert.Equal(config, Checkpoint.ReadConfig(result.LastCheckpoint));
        using var reloaded = new StudentModel(Checkpoint.ReadConfig(result.LastCheckpoint));
        Checkpoint.Load(result.LastCheckpoint, reloaded, null);
        Assert.Equal(after.Values, GgufExporter.Weights(reloaded).Select(w => w.Values));
    }
}
