using LlmDistill.Core.Tasks;
using LlmDistill.Generation.Runs;
using LlmDistill.Storage.Examples;

namespace LlmDistill.Generation.Batch;

public sealed partial class BatchGenerationRunner
{
    /// <summary>One call of <see cref="RunAsync"/>: its jobs, as saved in <c>batches.json</c> after every change.</summary>
    private sealed class Run(ExampleDatasetWriter writer, BatchState state, Dictionary<string, (TaskItem Item, int Index)> samples,
        GenerationTally tally, IProgress<GenerationProgress>? progress, IProgress<BatchJob>? jobProgress)
    {
        private BatchState _state = state;

        public ExampleDatasetWriter Writer { get; } = writer;

        public List<BatchJob> Jobs { get; } = [.. state.Jobs];

        /// <summary>Every sample of the run's tasks by id: what a result line's custom_id is about.</summary>
        public Dictionary<string, (TaskItem Item, int Index)> Samples { get; } = samples;

        public GenerationTally Tally { get; } = tally;

        public IProgress<GenerationProgress>? Progress { get; } = progress;

        public List<string> Problems { get; } = [];

        public async Task UpdateAsync(int index, BatchJob job)
        {
            Jobs[index] = job;
            await SaveAsync();
            jobProgress?.Report(job);
        }

        // Not cancellable: a step taken must be recorded, or a rerun would repeat it.
        public Task SaveAsync()
        {
            _state = _state with { Jobs = Jobs.ToList() };
            return BatchStateFile.WriteAsync(Writer.RunDirectory, _state, CancellationToken.None);
        }
    }
}
