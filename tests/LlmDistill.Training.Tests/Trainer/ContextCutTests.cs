using LlmDistill.Core.Errors;
using LlmDistill.Training.Data;
using LlmDistill.Training.Trainer;

namespace LlmDistill.Training.Tests.Trainer;

public sealed class ContextCutTests
{
    [Fact]
    public void Training_data_whose_targets_do_not_fit_the_context_is_refused()
    {
        var dir = Directory.CreateTempSubdirectory("llmd-ctx-").FullName;
        try
        {
            var e = Assert.Throws<InvalidInputException>(() => DistillTrainer.Create(TinyTask.Model with { ContextLength = 16 },
                TinyTask.Tokenizer, new Objective(ObjectiveKind.ChainOfThought), TinyTask.Options, TinyTask.Records(10), 0.1, dir));
            Assert.Contains("raise --context", e.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
