namespace LlmDistill.Cli.Pipeline;

/// <summary>What a step runs, which decides when it is complete and how it resumes (see <see cref="StepStatus"/>).</summary>
internal enum StepKind
{
    MakeTasks,
    SplitTasks,
    Train,
    Export,
    Generate,
    Eval,
    Report,
}

/// <summary>A path a step reads, and the stage that makes it.</summary>
internal sealed record StepInput(string Path, string Stage);

/// <summary>
/// One verb invocation of the pipeline.
/// </summary>
/// <param name="Args">The verb and its options: the settings recorded in run.json. <c>--threads</c>, <c>--resume</c>
/// and <c>--overwrite</c> are added when it runs, since they do not change what it makes.</param>
/// <param name="Output">What marks it done: a file or folder (see <see cref="StepStatus"/>).</param>
/// <param name="Threads">Passed as <c>--threads</c>; null when the verb has no such option or none was set.</param>
internal sealed record PipelineStep(StepKind Kind, IReadOnlyList<string> Args, string Output, IReadOnlyList<StepInput> Inputs, int? Threads)
{
    /// <summary>The full argument list to run, with what only concerns this run.</summary>
    public IReadOnlyList<string> CommandLine(bool resume = false, bool overwrite = false) =>
    [
        .. Args,
        .. Threads is { } n ? (string[])["--threads", n.ToString()] : [],
        .. resume ? (string[])["--resume"] : [],
        .. overwrite ? (string[])["--overwrite"] : [],
    ];
}
