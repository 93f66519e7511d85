using System.CommandLine;
using LlmDistill.Cli.Output;

namespace LlmDistill.Cli.Pipeline;

/// <summary>
/// The verbs' own definitions, built once without a console: a config key is checked against the options of the
/// verb it is for, and an argument list is parsed exactly as the verb will parse it, without running anything.
/// </summary>
internal sealed class Verbs
{
    private readonly RootCommand _root = CliApp.CreateRootCommand(new AppConsole(TextWriter.Null, TextWriter.Null, interactive: false));

    /// <summary>The command of <paramref name="words"/> (<c>["tasks", "make"]</c>).</summary>
    public Command Find(IReadOnlyList<string> words)
    {
        Command command = _root;
        foreach (var word in words)
            command = command.Subcommands.Single(c => c.Name == word);
        return command;
    }

    public ParseResult Parse(IReadOnlyList<string> args) => _root.Parse([.. args]);

    /// <summary>The option a config key names (<c>max-tokens</c> → <c>--max-tokens</c>), or null.</summary>
    public static Option? FindOption(Command command, string key) =>
        command.Options.FirstOrDefault(o => o.Name == "--" + key || o.Aliases.Contains("--" + key));

    /// <summary>The value <paramref name="args"/> give option <paramref name="name"/>, its default when absent.</summary>
    public T? Value<T>(IReadOnlyList<string> args, string name) => Parse(args).GetValue<T>(name);
}
