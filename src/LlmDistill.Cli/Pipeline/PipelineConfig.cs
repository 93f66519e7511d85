namespace LlmDistill.Cli.Pipeline;

/// <summary>
/// A pipeline config (<c>llm-distill run CONFIG.yaml</c>) after its shape was checked: which stages it asks for and
/// each verb's options. Paths are full; relative ones were taken from the config file's folder. Which options a
/// section may hold is checked against the verbs when the plan is made (<see cref="PipelinePlan"/>).
/// </summary>
internal sealed record PipelineConfig
{
    /// <summary>What messages call the config: its full path, or the name of an embedded config.</summary>
    public required string Source { get; init; }

    /// <summary>The folder relative paths in the config are taken from.</summary>
    public required string BaseDirectory { get; init; }

    /// <summary>The run folder (full path).</summary>
    public required string Out { get; init; }

    public int? Threads { get; init; }

    public required TasksSpec Tasks { get; init; }

    public TeacherSpec? Teacher { get; init; }

    /// <summary>Options of <c>generate</c>; null: no generation.</summary>
    public ConfigSection? Generate { get; init; }

    public IReadOnlyList<StudentSpec> Students { get; init; } = [];

    /// <summary>Options of <c>export</c> for every student.</summary>
    public ConfigSection? Export { get; init; }

    /// <summary>Options of <c>eval</c> (without <c>models</c>); null: no evaluation and no report.</summary>
    public ConfigSection? Eval { get; init; }

    /// <summary><c>eval.models</c>: GGUFs given to evaluate as they are.</summary>
    public IReadOnlyList<EvalModelSpec> Models { get; init; } = [];

    public ConfigSection? Report { get; init; }
}

/// <summary><c>tasks</c>: made (<see cref="Make"/>) or read from a file (<see cref="File"/>), then split.</summary>
internal sealed record TasksSpec(long Line, ConfigSection? Make, string? File, long FileLine, ConfigSection? Import, ConfigSection? Split);

/// <summary>
/// <c>teacher</c>: <see cref="Kind"/> is <c>train</c> (trained here, then exported with <see cref="Export"/>),
/// <c>gguf</c> (the file <see cref="Gguf"/>), or <c>openai</c> / <c>azure</c> (an endpoint described by <see cref="Options"/>).
/// </summary>
/// <param name="Line">The line of the kind's key.</param>
/// <param name="Options">Options of <c>train</c> for a trained teacher; the teacher options of <c>generate</c> for an endpoint.</param>
internal sealed record TeacherSpec(string Kind, long Line, ConfigSection? Options, ConfigSection? Export, string? Gguf)
{
    public bool IsRemote => Kind is "openai" or "azure";
}

/// <summary>One of <c>students</c>: its name (its folder) and its options of <c>train</c>.</summary>
internal sealed record StudentSpec(string Name, ConfigSection Options);

/// <summary>One of <c>eval.models</c>: a GGUF evaluated as a student (or a baseline), with optional report labels.</summary>
internal sealed record EvalModelSpec(string Name, string Path, string Role, IReadOnlyList<string> Labels, long Line);
