using LlmDistill.Evaluation.Reports.Input;

namespace LlmDistill.Evaluation.Reports.Content;

/// <summary>
/// The hyper-parameters of the runs that have a training config, one row per key: keys whose values differ between
/// runs first (they explain the results), then the shared ones, at most <see cref="MaxRows"/> in all.
/// </summary>
internal sealed record ConfigTable(IReadOnlyList<EvaluatedRun> Runs, IReadOnlyList<ConfigRow> Rows, int Omitted)
{
    public const int MaxRows = 40;

    public static ConfigTable Create(IReadOnlyList<EvaluatedRun> runs)
    {
        var withConfig = runs.Where(r => r.Training is { Config.Count: > 0 } || r.Labels.ContainsKey("preset")).ToList();
        var values = withConfig.Select(Values).ToList();
        var keys = values.SelectMany(v => v.Keys).Distinct(StringComparer.Ordinal).ToList();
        var rows = keys
            .Select(k => new ConfigRow(k, values.Select(v => v.GetValueOrDefault(k)).ToList()))
            .OrderBy(r => r.Varies ? 0 : 1)
            .ThenBy(r => r.Key == "preset" ? 0 : 1)
            .ThenBy(r => r.Key, StringComparer.Ordinal)
            .ToList();
        return new ConfigTable(withConfig, rows.Take(MaxRows).ToList(), Math.Max(0, rows.Count - MaxRows));
    }

    private static Dictionary<string, string> Values(EvaluatedRun run)
    {
        var values = new Dictionary<string, string>(run.Training?.Config ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        if (run.Labels.TryGetValue("preset", out var preset))
            values.TryAdd("preset", preset);
        return values;
    }
}
