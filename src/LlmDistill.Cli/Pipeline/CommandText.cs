namespace LlmDistill.Cli.Pipeline;

/// <summary>Argument lists and paths as a person would type them into a shell.</summary>
internal static class CommandText
{
    /// <summary>The command line of <paramref name="args"/>, paths shown as <see cref="Display"/> does.</summary>
    public static string Format(IEnumerable<string> args) =>
        "llm-distill " + string.Join(' ', args.Select(a => Quote(Path.IsPathRooted(a) ? Display(a) : a)));

    /// <summary>A path relative to the current folder when it lies inside it, else the full path.</summary>
    public static string Display(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,@+%".Contains(c))
            ? arg
            : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
