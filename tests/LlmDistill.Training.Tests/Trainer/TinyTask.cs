using LlmDistill.Core.Tasks;
using LlmDistill.Training.Data;
using LlmDistill.Training.Model;
using LlmDistill.Training.Trainer;

namespace LlmDistill.Training.Tests.Trainer;

/// <summary>A task small enough to learn on two CPU cores in seconds: two-step word problems with numbers up to 9.</summary>
internal static class TinyTask
{
    public static readonly ByteTokenizer Tokenizer = new();

    public static IReadOnlyList<DistillRecord> Records(int count, int seed = 11) =>
        DistillRecords.FromTaskItems(ArithmeticWordProblems.Generate(count, seed, new ArithmeticWordProblems.Options(MaxNumber: 9, Steps: 2))).ToArray();

    public static StudentConfig Model => new()
    {
        VocabSize = Tokenizer.VocabSize, EmbeddingSize = 64, LayerCount = 2, HeadCount = 4, KvHeadCount = 2, FeedForwardSize = 160, ContextLength = 128,
    };

    public static TrainerOptions Options => new()
    {
        Steps = 20, BatchSize = 8, LearningRate = 3e-3, MinLearningRate = 3e-4, WarmupSteps = 5, EvalEvery = 10,
        CheckpointEvery = 10, Device = "cpu", LogEvery = 5, CollectGarbageEvery = 10,
    };

}

/// <summary>Reports synchronously on the training thread (Progress&lt;T&gt; would post to the thread pool).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
