namespace LlmDistill.Cli.Pipeline;

/// <summary>
/// The outputs of one config section within a stage (the tasks, one student's training, one evaluation, ...): what
/// run.json records settings for, skips when complete and refuses to mix when the settings changed.
/// </summary>
/// <param name="Key">Its name in run.json and in messages: <c>tasks</c>, <c>teacher.train</c>, <c>students.NAME</c>,
/// <c>students.NAME.export</c>, <c>eval.NAME</c>, ...</param>
/// <param name="Label">How progress lines name it within its stage (the student's name), or null for a stage of one unit.</param>
/// <param name="Line">The config line of the section that sets it.</param>
/// <param name="Output">Its outputs exist when this exists.</param>
/// <param name="Remove">What to delete to make it again (a student's folder for its training).</param>
/// <param name="DependsOn">Keys of the units whose outputs it is made from.</param>
internal sealed record PipelineUnit(string Key, string Stage, string? Label, long Line, string Output, string Remove,
    IReadOnlyList<PipelineStep> Steps, IReadOnlyList<string> DependsOn)
{
    /// <summary>Redone on request (<c>--from</c>/<c>--only</c>): evaluations. Training always resumes instead.</summary>
    public bool Redoable => Stage == PipelinePlan.Eval;

    /// <summary>Rebuilt on every run, never recorded: the report.</summary>
    public bool AlwaysRuns => Stage == PipelinePlan.Report;

    public string Title => Label is null ? $"stage {Stage}" : $"stage {Stage} ({Label})";
}
