using System.CommandLine;
using LlmDistill.Cli.Pipeline;
using LlmDistill.Core.Errors;

namespace LlmDistill.Cli.Config;

/// <summary>
/// A YAML file of a command's options (<c>--config FILE</c>): keys are option names without the dashes
/// (<c>steps: 2000</c>, <c>label: [a=1, b=2]</c>), and an option given on the command line wins over the
/// file. An unknown key or a malformed value is one line naming the file, the line and the key.
/// </summary>
internal static class OptionsFile
{
    /// <summary>Parses the command line again with the file's options added where the line has none.</summary>
    public static ParseResult Merge(ParseResult parse, Option<FileInfo?> configOption)
    {
        if (parse.GetValue(configOption) is not { } file)
            return parse;
        var command = parse.CommandResult.Command;
        var extra = new List<string>();
        foreach (var (key, values, line) in Read(file.FullName, command.Name))
        {
            var option = command.Options.FirstOrDefault(o => o.Name == "--" + key || o.Aliases.Contains("--" + key));
            if (option is null || option == configOption)
                throw new InvalidInputException($"{file.FullName}:{line}: unknown key '{key}' for '{command.Name}' (see llm-distill {command.Name} --help)");
            if (parse.GetResult(option) is { Implicit: false })
                continue; // the command line wins
            foreach (var value in values)
            {
                extra.Add(option.Name);
                extra.Add(value);
            }
        }
        var tokens = parse.Tokens.Select(t => t.Value).ToList();
        var merged = parse.RootCommandResult.Command.Parse([.. tokens, .. extra]);
        if (merged.Errors.Count > 0)
            throw new InvalidInputException($"{file.FullName}: {merged.Errors[0].Message}");
        return merged;
    }

    private static IEnumerable<(string Key, IReadOnlyList<string> Values, long Line)> Read(string path, string command)
    {
        if (!File.Exists(path))
            throw new InvalidInputException($"{path}: config file not found");
        var text = File.ReadAllText(path);
        if (text.Trim().Length == 0)
            return [];
        var yaml = new ConfigYaml(path);
        return yaml.Section(yaml.LoadRoot(text), command, 1).Entries.Select(e => (e.Key, e.Values, e.Line));
    }
}
