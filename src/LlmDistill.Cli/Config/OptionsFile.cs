using System.CommandLine;
using LlmDistill.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

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
        foreach (var (key, values, line) in Read(file.FullName))
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

    private static IEnumerable<(string Key, IReadOnlyList<string> Values, long Line)> Read(string path)
    {
        if (!File.Exists(path))
            throw new InvalidInputException($"{path}: config file not found");
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new InvalidInputException($"{path}:{e.Start.Line}: {(e.InnerException ?? e).Message.Split('\n')[0]}", e);
        }
        if (stream.Documents.Count == 0)
            yield break;
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new InvalidInputException($"{path}: expected a mapping of option names to values");
        foreach (var (keyNode, valueNode) in root.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            var line = keyNode.Start.Line;
            IReadOnlyList<string> values = valueNode switch
            {
                YamlScalarNode scalar => [scalar.Value ?? ""],
                YamlSequenceNode list when list.Children.All(c => c is YamlScalarNode) =>
                    [.. list.Children.Cast<YamlScalarNode>().Select(c => c.Value ?? "")],
                _ => throw new InvalidInputException($"{path}:{line}: '{key}' must be a value or a list of values"),
            };
            yield return (key, values, line);
        }
    }
}
