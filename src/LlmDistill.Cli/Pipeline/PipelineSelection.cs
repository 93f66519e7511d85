namespace LlmDistill.Cli.Pipeline;

/// <summary>Which stages a run covers: all, <c>--from STAGE</c> onwards, or <c>--only STAGE</c>.</summary>
internal sealed record PipelineSelection(string? From = null, string? Only = null)
{
    public static PipelineSelection All { get; } = new();

    public bool Includes(string stage) => Only is not null
        ? stage == Only
        : From is null || Array.IndexOf(PipelinePlan.Stages, stage) >= Array.IndexOf(PipelinePlan.Stages, From);

    /// <summary>Asked for by name, an evaluation is done again even when complete; training resumes instead.</summary>
    public bool Redoes(PipelineUnit unit) => unit.Redoable && (From ?? Only) is not null && Includes(unit.Stage);
}
