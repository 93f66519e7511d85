using LlmDistill.Core.Errors;
using LlmDistill.Training.Trainer;

namespace LlmDistill.Cli.Pipeline;

/// <summary>
/// Builds a <see cref="PipelinePlan"/> stage by stage, in the order the stages run: each adds its units, wired to
/// what the earlier ones make (the teacher's GGUF, the generation folder, the students' exports).
/// </summary>
internal sealed class PipelinePlanBuilder
{
    private static readonly string[] TrainReserved = ["data", "out", "config", "resume"];
    private static readonly string[] ExportReserved = ["checkpoint", "out", "name"];
    private static readonly string[] GenerateReserved = ["tasks", "out", "resume", "teacher", .. ArgumentBuilder.TeacherKeys];
    private static readonly string[] EvalReserved = ["tasks", "out", "role", "teacher-answers", "overwrite", "teacher", .. ArgumentBuilder.TeacherKeys];

    private readonly PipelineConfig _config;
    private readonly Verbs _verbs = new();
    private readonly ArgumentBuilder _arguments;
    private readonly int? _threads;
    private readonly List<PipelineUnit> _units = [];

    // What the teacher stage leaves for the later ones.
    private string? _teacherModel;
    private string[] _teacherArgs = [];
    private SectionUse _endpoint = new(null, []);
    private StepInput[] _teacherInputs = [];
    private string[] _teacherUnit = [];

    // What the students leave for eval: name, model, labels, export unit.
    private readonly List<(string Name, string Model, string[] Labels, string Unit)> _students = [];

    public PipelinePlanBuilder(PipelineConfig config, int? threads)
    {
        _config = config;
        _arguments = new ArgumentBuilder(config, _verbs);
        _threads = threads;
    }

    public IReadOnlyList<PipelineUnit> Build()
    {
        AddTasks();
        AddTeacher();
        AddGenerate();
        foreach (var student in _config.Students)
            AddStudent(student);
        if (_config.Eval is { } eval)
            AddEvaluations(eval);
        else if (_config.Report is { } report)
            throw Error(report.Line, "report compares evaluations: add an eval section");
        return [.. _units.OrderBy(u => Array.IndexOf(PipelinePlan.Stages, u.Stage))];
    }

    /// <summary>The teacher the config gives (a GGUF file or an endpoint), for the teacher stage to name; null for one trained here.</summary>
    public string? GivenTeacher { get; private set; }

    private string At(params string[] parts) => Path.Combine([_config.Out, .. parts]);

    private string TrainSplit => At(PipelinePlan.Tasks, "train.jsonl");

    private string TestSplit => At(PipelinePlan.Tasks, "test.jsonl");

    private string Generated => At(PipelinePlan.Generate);

    // tasks: made or imported into all.jsonl, then split.
    private void AddTasks()
    {
        var tasks = _config.Tasks;
        var all = At(PipelinePlan.Tasks, "all.jsonl");
        var folder = At(PipelinePlan.Tasks);
        var first = tasks.Make is { } make
            ? Step(StepKind.MakeTasks, ["tasks", "make"], ["--out", all], make.Line, [new(make, ["out"])], all, [])
            : Step(StepKind.MakeTasks, ["tasks", "import"], [tasks.File!, "--out", all], tasks.FileLine, [new(tasks.Import, ["out"])], all, []);
        var split = Step(StepKind.SplitTasks, ["tasks", "split"], [all, "--out", folder], tasks.Split?.Line ?? tasks.Line,
            [new(tasks.Split, ["out"])], folder, [new(all, PipelinePlan.Tasks)]);
        _units.Add(new PipelineUnit(PipelinePlan.Tasks, PipelinePlan.Tasks, null, tasks.Line, folder, folder, [first, split], []));
    }

    // teacher: trained here on the ground truth (then exported), a GGUF file, or an endpoint.
    private void AddTeacher()
    {
        switch (_config.Teacher)
        {
            case null:
                return;
            case { Kind: "train" } teacher:
                var run = At(PipelinePlan.Teacher, "train");
                _teacherModel = At(PipelinePlan.Teacher, "model.gguf");
                var train = Step(StepKind.Train, ["train"], ["--data", TrainSplit, "--out", run], teacher.Line,
                    [new(teacher.Options, TrainReserved)], run, [new(TrainSplit, PipelinePlan.Tasks)]);
                _units.Add(new PipelineUnit("teacher.train", PipelinePlan.Teacher, "train", teacher.Line, run, At(PipelinePlan.Teacher), [train], [PipelinePlan.Tasks]));
                var line = teacher.Export?.Line ?? teacher.Line;
                var export = Step(StepKind.Export, ["export"], ["--checkpoint", run, "--out", _teacherModel, "--name", "teacher"], line,
                    [new(teacher.Export, ExportReserved)], _teacherModel, [new(LatestCheckpoint(run), PipelinePlan.Teacher)]);
                _units.Add(new PipelineUnit("teacher.export", PipelinePlan.Teacher, "export", line, _teacherModel, _teacherModel, [export], ["teacher.train"]));
                _teacherInputs = [new(_teacherModel, PipelinePlan.Teacher)];
                _teacherUnit = ["teacher.export"];
                break;
            case { Kind: "gguf" } teacher:
                _teacherModel = teacher.Gguf!;
                GivenTeacher = $"gguf {CommandText.Display(_teacherModel)}";
                break;
            case var teacher:
                foreach (var entry in teacher.Options!.Entries.Where(e => !ArgumentBuilder.TeacherKeys.Contains(e.Key)))
                    throw Error(entry.Line, $"unknown key '{entry.Key}' in teacher.{teacher.Kind} (known: {string.Join(", ", ArgumentBuilder.TeacherKeys)})");
                var model = teacher.Options.Find("model") ?? throw Error(teacher.Line, $"teacher.{teacher.Kind} needs 'model' (the model, or the Azure deployment)");
                _endpoint = new SectionUse(teacher.Options, [], ArgumentBuilder.TeacherKeys);
                GivenTeacher = $"{teacher.Kind} {model.Values[0]}";
                break;
        }
        _teacherArgs = _teacherModel is not null ? ["--teacher", "gguf", "--model", _teacherModel] : ["--teacher", _config.Teacher.Kind];
    }

    // generate: the teacher answers the training split.
    private void AddGenerate()
    {
        if (_config.Generate is not { } generate)
            return;
        var step = Step(StepKind.Generate, ["generate"], [.. _teacherArgs, "--tasks", TrainSplit, "--out", Generated], generate.Line,
            [_endpoint, new(generate, GenerateReserved)], Generated, [new(TrainSplit, PipelinePlan.Tasks), .. _teacherInputs]);
        _units.Add(new PipelineUnit(PipelinePlan.Generate, PipelinePlan.Generate, null, generate.Line, Generated, Generated, [step],
            [PipelinePlan.Tasks, .. _teacherUnit]));
    }

    // A student: trained on the teacher's answers, then exported with the top-level export options.
    private void AddStudent(StudentSpec student)
    {
        var name = student.Name;
        var folder = At("students", name);
        var run = Path.Combine(folder, "train");
        var model = Path.Combine(folder, "model.gguf");
        var options = student.Options;
        string[] tokenizer = [];
        List<StepInput> inputs = [new(Path.Combine(Generated, "manifest.json"), PipelinePlan.Generate)];
        List<string> dependsOn = [PipelinePlan.Generate];
        if (options.Find("tokenizer") is { Values: ["teacher"] } shared)
        {
            if (_teacherModel is null)
                throw Error(shared.Line, "'tokenizer: teacher' needs a GGUF teacher (teacher.train or teacher.gguf)");
            tokenizer = ["--tokenizer", _teacherModel];
            options = options.Without("tokenizer");
            inputs.AddRange(_teacherInputs);
            dependsOn.AddRange(_teacherUnit);
        }
        var train = Step(StepKind.Train, ["train"], ["--data", Generated, "--out", run, .. tokenizer], options.Line,
            [new(options, TrainReserved)], run, inputs);
        _units.Add(new PipelineUnit($"students.{name}", PipelinePlan.Train, name, options.Line, run, folder, [train], dependsOn));
        var line = _config.Export?.Line ?? options.Line;
        var export = Step(StepKind.Export, ["export"], ["--checkpoint", run, "--out", model, "--name", name], line,
            [new(_config.Export, ExportReserved)], model, [new(LatestCheckpoint(run), PipelinePlan.Train)]);
        _units.Add(new PipelineUnit($"students.{name}.export", PipelinePlan.Export, name, line, model, model, [export], [$"students.{name}"]));

        // The report groups students by labels.objective (token KD is cot with the teacher's distributions) and
        // draws training curves from labels.training_dir (relative to the eval folder).
        var objective = _verbs.Value<int>(train.Args, "--kd-topk") > 0 ? "token-kd" : _verbs.Value<string>(train.Args, "--objective")!;
        _students.Add((name, model, [$"objective={objective}", $"training_dir=../../students/{name}/train"], $"students.{name}.export"));
    }

    // eval: the teacher first (students are compared with its answers), then students and given models; then the report.
    private void AddEvaluations(ConfigSection eval)
    {
        var options = new SectionUse(eval, EvalReserved);
        (string, string)[] auto = [("format", "auto")];
        var folders = new List<string>();
        string[] teacherAnswers = [];
        StepInput[] teacherEval = [];
        string[] teacherEvalUnit = [];
        if (_config.Teacher is { } teacher)
        {
            var output = At(PipelinePlan.Eval, PipelinePlan.Teacher);
            string[] curves = teacher.Kind == "train" ? ["--label", "training_dir=../../teacher/train"] : [];
            var step = Step(StepKind.Eval, ["eval"], [.. _teacherArgs, "--tasks", TestSplit, "--out", output, "--role", "teacher", .. curves],
                eval.Line, [_endpoint, options], output, [new(TestSplit, PipelinePlan.Tasks), .. _teacherInputs], auto);
            _units.Add(new PipelineUnit("eval.teacher", PipelinePlan.Eval, PipelinePlan.Teacher, eval.Line, output, output, [step],
                [PipelinePlan.Tasks, .. _teacherUnit]));
            folders.Add(output);
            teacherAnswers = ["--teacher-answers", output];
            teacherEval = [new(Path.Combine(output, "metrics.json"), PipelinePlan.Eval)];
            teacherEvalUnit = ["eval.teacher"];
        }
        var models = _students.Select(s => (s.Name, s.Model, Role: "student", s.Labels, Unit: (string?)s.Unit, eval.Line))
            .Concat(_config.Models.Select(m => (m.Name, Model: m.Path, m.Role, Labels: m.Labels.ToArray(), Unit: (string?)null, m.Line)));
        foreach (var (name, model, role, labels, unit, line) in models)
        {
            var output = At(PipelinePlan.Eval, name);
            StepInput[] made = unit is null ? [] : [new(model, PipelinePlan.Export)];
            var step = Step(StepKind.Eval, ["eval"],
                ["--model", model, "--tasks", TestSplit, "--out", output, "--role", role, .. teacherAnswers, .. labels.SelectMany(l => (string[])["--label", l])],
                line, [options], output, [new(TestSplit, PipelinePlan.Tasks), .. made, .. teacherEval], auto);
            _units.Add(new PipelineUnit($"eval.{name}", PipelinePlan.Eval, name, line, output, output, [step],
                [PipelinePlan.Tasks, .. unit is null ? [] : (string[])[unit], .. teacherEvalUnit]));
            folders.Add(output);
        }

        var reportLine = _config.Report?.Line ?? eval.Line;
        var report = Step(StepKind.Report, ["report"], ["--runs", .. folders, "--out", At(PipelinePlan.Report)], reportLine,
            [new(_config.Report, ["runs", "out"])], At(PipelinePlan.Report), [.. folders.Select(f => new StepInput(Path.Combine(f, "metrics.json"), PipelinePlan.Eval))]);
        _units.Add(new PipelineUnit(PipelinePlan.Report, PipelinePlan.Report, null, reportLine, At(PipelinePlan.Report), At(PipelinePlan.Report), [report], []));
    }

    private PipelineStep Step(StepKind kind, string[] words, IEnumerable<string> wiring, long line, IReadOnlyList<SectionUse> sections,
        string output, IReadOnlyList<StepInput> inputs, IReadOnlyList<(string, string)>? defaults = null) =>
        new(kind, _arguments.Build(words, wiring, line, sections, defaults), output, inputs,
            Verbs.FindOption(_verbs.Find(words), "threads") is null ? null
                : _threads ?? sections.Select(s => s.Section is null ? null : _arguments.SectionThreads(s.Section)).LastOrDefault(t => t is not null) ?? _config.Threads);

    private static string LatestCheckpoint(string run) => Path.Combine(run, "checkpoints", Checkpoint.LatestFile);

    private InvalidInputException Error(long line, string message) => new($"{_config.Source}:{line}: {message}");
}
