using LlmDistill.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LlmDistill.Cli.Pipeline;

/// <summary>
/// Reads a pipeline config's YAML keeping line numbers, so that every complaint is one line
/// <c>FILE:LINE: ...</c>. Section values follow the rules of <c>--config</c> files: a scalar or a list of scalars.
/// </summary>
internal sealed class ConfigYaml(string source)
{
    /// <summary>What messages call the file: its full path, or the name of an embedded config.</summary>
    public string Source { get; } = source;

    public YamlMappingNode LoadRoot(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new InvalidInputException($"{Source}:{e.Start.Line}: {(e.InnerException ?? e).Message.Split('\n')[0]}", e);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            throw Error(1, "the config is empty; see configs/README.md");
        return stream.Documents[0].RootNode as YamlMappingNode
            ?? throw Error(stream.Documents[0].RootNode.Start.Line, "expected a mapping of sections (out, tasks, teacher, ...)");
    }

    public InvalidInputException Error(long line, string message) => new($"{Source}:{line}: {message}");

    /// <summary>The keys of a mapping with their nodes and lines, in file order.</summary>
    public IEnumerable<(string Key, YamlNode Value, long Line)> Children(YamlMappingNode mapping)
    {
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } key })
                throw Error(keyNode.Start.Line, "expected a plain key");
            yield return (key, valueNode, keyNode.Start.Line);
        }
    }

    /// <summary>A mapping; an empty value (<c>eval:</c>) counts as an empty one.</summary>
    public YamlMappingNode Mapping(YamlNode node, string name, long line) => node switch
    {
        YamlMappingNode mapping => mapping,
        YamlScalarNode { Value: null or "" } => new YamlMappingNode(),
        _ => throw Error(line, $"'{name}' must be a mapping of keys to values"),
    };

    public string Scalar(YamlNode node, string name, long line) => node is YamlScalarNode { Value: { Length: > 0 } value }
        ? value
        : throw Error(line, $"'{name}' must be a single value");

    /// <summary>A section of options: each key a value or a list of values (<paramref name="except"/> a key read otherwise).</summary>
    public ConfigSection Section(YamlNode node, string name, long line, string? except = null)
    {
        var entries = new List<ConfigEntry>();
        foreach (var (key, value, keyLine) in Children(Mapping(node, name, line)).Where(c => c.Key != except))
            entries.Add(new ConfigEntry(key, Values(value, $"{name}.{key}", keyLine), keyLine));
        return new ConfigSection(name, line, entries);
    }

    public IReadOnlyList<string> Values(YamlNode node, string name, long line) => node switch
    {
        YamlScalarNode scalar => [scalar.Value ?? ""],
        YamlSequenceNode list when list.Children.All(c => c is YamlScalarNode) =>
            [.. list.Children.Cast<YamlScalarNode>().Select(c => c.Value ?? "")],
        _ => throw Error(line, $"'{name}' must be a value or a list of values"),
    };

    /// <summary>A <c>threads</c> value: a whole number of at least 1, else null.</summary>
    public static int? Threads(string value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1 ? n : null;
}
