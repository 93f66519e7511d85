namespace LlmDistill.Training.Tests.Trainer;

/// <summary>Tests that measure the whole process (memory) and must not share it with other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "runs alone";
}
