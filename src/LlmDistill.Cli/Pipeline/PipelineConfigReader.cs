using System.Globalization;
using System.Text.RegularExpressions;
using LlmDistill.Core.Errors;
using YamlDotNet.RepresentationModel;

namespace LlmDistill.Cli.Pipeline;

/// <summary>
/// Reads a pipeline config and checks its shape: known keys, one teacher, one task source, input files that exist,
/// stages that have what they need. Every complaint is one <c>CONFIG:LINE: ...</c> line.
/// </summary>
internal static partial class PipelineConfigReader
{
    public static readonly IReadOnlyList<string> TopLevelKeys = ["out", "threads", "tasks", "teacher", "generate", "students", "export", "eval", "report"];

    private static readonly string[] TeacherKinds = ["train", "gguf", "openai", "azure"];

    public static PipelineConfig Load(string path, string? outOverride = null)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new InvalidInputException($"{full}: config file not found");
        return Parse(File.ReadAllText(full), full, Path.GetDirectoryName(full)!, outOverride);
    }

    /// <param name="outOverride">A run folder that replaces <c>out</c> (relative to the current folder).</param>
    public static PipelineConfig Parse(string text, string source, string baseDirectory, string? outOverride = null)
    {
        var yaml = new ConfigYaml(source);
        var root = yaml.LoadRoot(text);
        var keys = new Dictionary<string, (YamlNode Value, long Line)>(StringComparer.Ordinal);
        foreach (var (key, value, line) in yaml.Children(root))
        {
            if (!TopLevelKeys.Contains(key))
                throw yaml.Error(line, $"unknown key '{key}' (known: {string.Join(", ", TopLevelKeys)}; see configs/README.md)");
            keys[key] = (value, line);
        }

        string output;
        if (outOverride is not null)
            output = Path.GetFullPath(outOverride);
        else if (keys.TryGetValue("out", out var o))
            output = Path.GetFullPath(yaml.Scalar(o.Value, "out", o.Line), baseDirectory);
        else
            throw yaml.Error(1, "'out' is missing: the run folder (e.g. out: runs/my-run)");

        int? threads = null;
        if (keys.TryGetValue("threads", out var t))
        {
            threads = ConfigYaml.Threads(yaml.Scalar(t.Value, "threads", t.Line))
                ?? throw yaml.Error(t.Line, "'threads' must be a whole number of at least 1");
        }

        if (!keys.TryGetValue("tasks", out var tasks))
            throw yaml.Error(1, "'tasks' is missing: the questions (tasks: {make: {...}} or tasks: {file: PATH})");
        var taskSpec = ReadTasks(yaml, tasks.Value, tasks.Line, baseDirectory);
        var teacher = keys.TryGetValue("teacher", out var te) ? ReadTeacher(yaml, te.Value, te.Line, baseDirectory) : null;
        var generate = keys.TryGetValue("generate", out var g) ? yaml.Section(g.Value, "generate", g.Line) : null;
        var students = keys.TryGetValue("students", out var s) ? ReadStudents(yaml, s.Value, s.Line) : [];
        ConfigSection? eval = null;
        IReadOnlyList<EvalModelSpec> models = [];
        if (keys.TryGetValue("eval", out var e))
            (eval, models) = ReadEval(yaml, e.Value, e.Line, baseDirectory);

        if (generate is not null && teacher is null)
            throw yaml.Error(generate.Line, "'generate' needs a teacher: add a teacher section");
        if (students.Count > 0 && generate is null)
            throw yaml.Error(s.Line, "students train on the teacher's answers: add a generate section");
        if (eval is not null && teacher is null && students.Count == 0 && models.Count == 0)
            throw yaml.Error(eval.Line, "eval has nothing to evaluate: add a teacher, students or eval.models");
        foreach (var model in models.Where(m => students.Any(st => st.Name == m.Name)))
            throw yaml.Error(model.Line, $"'{model.Name}' is also a student's name; each evaluation needs its own name");

        return new PipelineConfig
        {
            Source = source,
            BaseDirectory = baseDirectory,
            Out = output,
            Threads = threads,
            Tasks = taskSpec,
            Teacher = teacher,
            Generate = generate,
            Students = students,
            Export = keys.TryGetValue("export", out var x) ? yaml.Section(x.Value, "export", x.Line) : null,
            Eval = eval,
            Models = models,
            Report = keys.TryGetValue("report", out var r) ? yaml.Section(r.Value, "report", r.Line) : null,
        };
    }

    private static TasksSpec ReadTasks(ConfigYaml yaml, YamlNode node, long line, string baseDirectory)
    {
        ConfigSection? make = null, import = null, split = null;
        string? file = null;
        long fileLine = 0;
        foreach (var (key, value, keyLine) in yaml.Children(yaml.Mapping(node, "tasks", line)))
        {
            switch (key)
            {
                case "make":
                    make = yaml.Section(value, "tasks.make", keyLine);
                    break;
                case "file":
                    file = ExistingFile(yaml, yaml.Scalar(value, "tasks.file", keyLine), "tasks.file", keyLine, baseDirectory);
                    fileLine = keyLine;
                    break;
                case "import":
                    import = yaml.Section(value, "tasks.import", keyLine);
                    break;
                case "split":
                    split = yaml.Section(value, "tasks.split", keyLine);
                    break;
                default:
                    throw yaml.Error(keyLine, $"unknown key '{key}' in tasks (known: make, file, import, split)");
            }
        }
        if ((make is null) == (file is null))
            throw yaml.Error(line, "tasks needs exactly one of 'make' (built-in problems) or 'file' (a task file)");
        if (import is not null && file is null)
            throw yaml.Error(import.Line, "tasks.import holds options for reading tasks.file; there is no file");
        return new TasksSpec(line, make, file, fileLine, import, split);
    }

    private static TeacherSpec ReadTeacher(ConfigYaml yaml, YamlNode node, long line, string baseDirectory)
    {
        TeacherSpec? teacher = null;
        ConfigSection? export = null;
        foreach (var (key, value, keyLine) in yaml.Children(yaml.Mapping(node, "teacher", line)))
        {
            if (key == "export")
            {
                export = yaml.Section(value, "teacher.export", keyLine);
                continue;
            }
            if (!TeacherKinds.Contains(key))
                throw yaml.Error(keyLine, $"unknown key '{key}' in teacher (known: {string.Join(", ", TeacherKinds)}, export)");
            if (teacher is not null)
                throw yaml.Error(keyLine, $"teacher has both '{teacher.Kind}' and '{key}'; choose one");
            teacher = key == "gguf"
                ? new TeacherSpec(key, keyLine, null, null, ExistingFile(yaml, yaml.Scalar(value, "teacher.gguf", keyLine), "teacher.gguf", keyLine, baseDirectory))
                : new TeacherSpec(key, keyLine, yaml.Section(value, $"teacher.{key}", keyLine), null, null);
        }
        if (teacher is null)
            throw yaml.Error(line, $"teacher needs one of {string.Join(", ", TeacherKinds)}");
        if (export is not null && teacher.Kind != "train")
            throw yaml.Error(export.Line, "teacher.export is for a teacher trained here (teacher.train)");
        return teacher with { Export = export };
    }

    private static List<StudentSpec> ReadStudents(ConfigYaml yaml, YamlNode node, long line)
    {
        var students = new List<StudentSpec>();
        foreach (var (name, value, keyLine) in yaml.Children(yaml.Mapping(node, "students", line)))
        {
            CheckName(yaml, name, "students", keyLine);
            students.Add(new StudentSpec(name, yaml.Section(value, $"students.{name}", keyLine)));
        }
        if (students.Count == 0)
            throw yaml.Error(line, "students is empty: name at least one (name: {options of train})");
        return students;
    }

    private static (ConfigSection Eval, IReadOnlyList<EvalModelSpec> Models) ReadEval(ConfigYaml yaml, YamlNode node, long line, string baseDirectory)
    {
        var mapping = yaml.Mapping(node, "eval", line);
        var models = new List<EvalModelSpec>();
        foreach (var (key, value, keyLine) in yaml.Children(mapping).Where(c => c.Key == "models"))
        {
            foreach (var (name, model, modelLine) in yaml.Children(yaml.Mapping(value, "eval.models", keyLine)))
            {
                CheckName(yaml, name, "eval.models", modelLine);
                models.Add(ReadModel(yaml, name, model, modelLine, baseDirectory));
            }
        }
        return (yaml.Section(mapping, "eval", line, except: "models"), models);
    }

    // name: path.gguf, or name: {path: x.gguf, role: baseline, label: [k=v]}
    private static EvalModelSpec ReadModel(ConfigYaml yaml, string name, YamlNode node, long line, string baseDirectory)
    {
        var where = $"eval.models.{name}";
        if (node is YamlScalarNode)
            return new EvalModelSpec(name, ExistingFile(yaml, yaml.Scalar(node, where, line), where, line, baseDirectory), "student", [], line);
        string? path = null;
        var role = "student";
        IReadOnlyList<string> labels = [];
        foreach (var (key, value, keyLine) in yaml.Children(yaml.Mapping(node, where, line)))
        {
            switch (key)
            {
                case "path":
                    path = ExistingFile(yaml, yaml.Scalar(value, $"{where}.path", keyLine), $"{where}.path", keyLine, baseDirectory);
                    break;
                case "role":
                    role = yaml.Scalar(value, $"{where}.role", keyLine);
                    if (role is not ("student" or "baseline"))
                        throw yaml.Error(keyLine, $"{where}.role is '{role}'; expected student or baseline (the teacher comes from the teacher section)");
                    break;
                case "label":
                    labels = yaml.Values(value, $"{where}.label", keyLine);
                    break;
                default:
                    throw yaml.Error(keyLine, $"unknown key '{key}' in {where} (known: path, role, label)");
            }
        }
        return new EvalModelSpec(name, path ?? throw yaml.Error(line, $"{where} needs a path"), role, labels, line);
    }

    private static string ExistingFile(ConfigYaml yaml, string value, string key, long line, string baseDirectory)
    {
        var path = Path.GetFullPath(value, baseDirectory);
        return File.Exists(path) ? path : throw yaml.Error(line, $"{key}: {path} not found");
    }

    // Names become folders (students/NAME, eval/NAME); eval/teacher is the teacher's.
    private static void CheckName(ConfigYaml yaml, string name, string where, long line)
    {
        if (!SafeName().IsMatch(name) || name == "teacher")
            throw yaml.Error(line, $"'{name}' cannot name one of {where}: use letters, digits, '.', '_' and '-' (and not 'teacher')");
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex SafeName();
}
