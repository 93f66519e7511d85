namespace LlmDistill.Cli.Pipeline;

/// <summary>What changed between two argument lists of one verb, as a person reads it: <c>steps 1000 → 2000</c>.</summary>
internal static class SettingsDiff
{
    public static string Describe(IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        var old = Options(before);
        var now = Options(after);
        var changes = old.Keys.Concat(now.Keys).Distinct(StringComparer.Ordinal)
            .Where(k => !old.TryGetValue(k, out var a) || !now.TryGetValue(k, out var b) || a != b)
            .Select(k => $"{k} {Show(old, k)} → {Show(now, k)}")
            .ToList();
        return changes.Count > 0 ? string.Join(", ", changes) : "the order of its options";
    }

    private static string Show(Dictionary<string, string> options, string key) =>
        options.TryGetValue(key, out var value) ? (value.Length == 0 ? "on" : value) : "(default)";

    // --name value... pairs; words before the first option (the verb, a file argument) are "arguments".
    private static Dictionary<string, string> Options(IReadOnlyList<string> args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var key = "arguments";
        var values = new List<string>();
        foreach (var arg in args.Append("--"))
        {
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                values.Add(arg);
                continue;
            }
            if (key != "arguments" || values.Count > 0)
                options[key] = options.TryGetValue(key, out var earlier) ? $"{earlier} {string.Join(' ', values)}".Trim() : string.Join(' ', values);
            key = arg[2..];
            values.Clear();
        }
        return options;
    }
}
