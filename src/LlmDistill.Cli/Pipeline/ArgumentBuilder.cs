using System.CommandLine.Parsing;
using LlmDistill.Core.Errors;
using LlmDistill.Core.Prompts;

namespace LlmDistill.Cli.Pipeline;

/// <summary>
/// Turns a config section into a verb's argument list, exactly like <c>--config</c> files: a key is an option name
/// without the dashes, a scalar gives <c>--key value</c>, a list repeats the option, and a boolean gives the flag
/// when true. Keys are checked against the verb's own options and the list is parsed by the verb's own parser, so
/// a wrong key or value is one <c>CONFIG:LINE</c> line before anything runs.
/// </summary>
internal sealed class ArgumentBuilder(PipelineConfig config, Verbs verbs)
{
    /// <summary>The teacher options of <c>generate</c> and <c>eval</c>, which an endpoint teacher's section holds.</summary>
    public static IReadOnlyList<string> TeacherKeys { get; } = ["model", "endpoint", "api-key-env", "rpm", "tpm", "retries", "timeout"];

    /// <param name="words">The verb, e.g. <c>["tasks", "make"]</c>.</param>
    /// <param name="wiring">What run sets: arguments and options that connect the stages.</param>
    /// <param name="line">The line errors point at when no key is to blame.</param>
    /// <param name="sections">The user's options for this verb, from one section or two (an endpoint teacher's and generate's).</param>
    /// <param name="defaults">Options run sets unless a section does.</param>
    public List<string> Build(string[] words, IEnumerable<string> wiring, long line, IReadOnlyList<SectionUse> sections,
        IReadOnlyList<(string Key, string Value)>? defaults = null)
    {
        var command = verbs.Find(words);
        var args = new List<string>(words);
        args.AddRange(wiring);
        foreach (var (key, value) in defaults ?? [])
        {
            if (sections.All(s => s.Section?.Find(key) is null))
                args.AddRange(["--" + key, value]);
        }
        var lines = new Dictionary<string, (long Line, string Section)>(StringComparer.Ordinal);
        foreach (var (section, reserved, only) in sections.Where(s => s.Section is not null))
        {
            foreach (var entry in section!.Entries)
                Add(args, lines, command, words, section, entry, reserved, only);
        }

        var parse = verbs.Parse(args);
        if (parse.Errors.Count > 0)
        {
            var error = parse.Errors[0];
            var (at, where) = error.SymbolResult is OptionResult r && lines.TryGetValue(r.Option.Name, out var l) ? l : (line, string.Join(' ', words));
            throw Error(at, $"{where}: {error.Message}");
        }
        return args;
    }

    private void Add(List<string> args, Dictionary<string, (long, string)> lines, System.CommandLine.Command command, string[] words,
        ConfigSection section, ConfigEntry entry, IReadOnlyCollection<string> reserved, IReadOnlyCollection<string>? only)
    {
        if (only is not null && !only.Contains(entry.Key))
            throw Error(entry.Line, $"unknown key '{entry.Key}' in {section.Name} (known: {string.Join(", ", only)})");
        var option = Verbs.FindOption(command, entry.Key);
        if (option is not null && entry.Key == "threads")
        {
            SectionThreads(section, entry); // passed apart from the settings: it changes speed, not results
            return;
        }
        if (option is null)
            throw Error(entry.Line, $"unknown key '{entry.Key}' in {section.Name} (it takes the options of 'llm-distill {string.Join(' ', words)}'; see its --help)");
        if (reserved.Contains(entry.Key))
            throw Error(entry.Line, $"'{entry.Key}' cannot be set in {section.Name}: {WhyReserved(entry.Key)}");
        lines[option.Name] = (entry.Line, section.Name);
        if (option.ValueType == typeof(bool))
        {
            if (entry.Values is not [var flag] || !bool.TryParse(flag, out var on))
                throw Error(entry.Line, $"'{entry.Key}' in {section.Name} must be true or false");
            if (on)
                args.Add(option.Name);
            return;
        }
        foreach (var value in entry.Values)
            args.AddRange([option.Name, Resolve(option.ValueType, entry, value)]);
    }

    private string Resolve(Type type, ConfigEntry entry, string value)
    {
        if (type == typeof(FileInfo) || type == typeof(DirectoryInfo))
        {
            // Options a section may hold that take a file are inputs (outputs are run's): they must exist.
            var path = Path.GetFullPath(value, config.BaseDirectory);
            return File.Exists(path) || Directory.Exists(path) ? path : throw Error(entry.Line, $"{entry.Key}: {path} not found");
        }
        if (entry.Key != "template")
            return value;
        // A template is a name in prompts/ or a path; a path is taken from the config's folder.
        var template = value.Contains('/', StringComparison.Ordinal) || value.EndsWith(".yaml", StringComparison.Ordinal)
            ? Path.GetFullPath(value, config.BaseDirectory)
            : value;
        try
        {
            PromptTemplate.Resolve(template, Paths.Prompts);
        }
        catch (InvalidInputException e)
        {
            throw Error(entry.Line, e.Message);
        }
        return template;
    }

    /// <summary>A section's <c>threads</c>, overriding the top level's for its verb; null when the section has none.</summary>
    public int? SectionThreads(ConfigSection section, ConfigEntry? entry = null)
    {
        if ((entry ?? section.Find("threads")) is not { } found)
            return null;
        return (found.Values is [var value] ? ConfigYaml.Threads(value) : null)
            ?? throw Error(found.Line, $"'threads' in {section.Name} must be a whole number of at least 1");
    }

    private InvalidInputException Error(long line, string message) => new($"{config.Source}:{line}: {message}");

    private static string WhyReserved(string key) => key switch
    {
        "resume" or "overwrite" => "run resumes what is partial and redoes what --from or --only names",
        _ when key == "teacher" || TeacherKeys.Contains(key) => "the teacher's options belong in the teacher section",
        _ => "run sets it to connect the stages (see configs/README.md)",
    };
}

/// <summary>A config section given to a verb: keys it may not hold, and, when set, the only keys it may hold.</summary>
internal sealed record SectionUse(ConfigSection? Section, IReadOnlyCollection<string> Reserved, IReadOnlyCollection<string>? Only = null);
