namespace LlmDistill.Cli.Pipeline;

/// <summary>
/// A config turned into the verb invocations that carry it out, stage by stage, each wired to the run folder's
/// layout: <c>tasks/</c>, <c>teacher/</c>, <c>generate/</c>, <c>students/NAME/</c>, <c>eval/NAME/</c>, <c>report/</c>.
/// Making the plan validates the whole config against the verbs, so nothing runs on a config that would fail later.
/// </summary>
internal sealed class PipelinePlan
{
    public const string Tasks = "tasks";
    public const string Teacher = "teacher";
    public const string Generate = "generate";
    public const string Train = "train";
    public const string Export = "export";
    public const string Eval = "eval";
    public const string Report = "report";

    public static readonly string[] Stages = [Tasks, Teacher, Generate, Train, Export, Eval, Report];

    private PipelinePlan(PipelineConfig config, IReadOnlyList<PipelineUnit> units, string? givenTeacher)
    {
        Config = config;
        Units = units;
        GivenTeacher = givenTeacher;
    }

    public PipelineConfig Config { get; }

    /// <summary>In stage order.</summary>
    public IReadOnlyList<PipelineUnit> Units { get; }

    /// <summary>A teacher the config gives (a GGUF file or an endpoint), which the teacher stage only names; null otherwise.</summary>
    public string? GivenTeacher { get; }

    public string RunFilePath => Path.Combine(Config.Out, "run.json");

    public string ReportDirectory => Path.Combine(Config.Out, Report);

    /// <param name="threads">From the command line; wins over the config's.</param>
    public static PipelinePlan Create(PipelineConfig config, int? threads = null)
    {
        var builder = new PipelinePlanBuilder(config, threads);
        return new PipelinePlan(config, builder.Build(), builder.GivenTeacher);
    }
}
