using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LlmDistill.Core.Errors;
using LlmDistill.Core.Examples;
using LlmDistill.Storage.IO;

namespace LlmDistill.Cli.Pipeline;

/// <summary>
/// Reads and writes <c>OUT/run.json</c> (<see cref="RunRecord"/>) and compares a unit's recorded settings with the
/// plan's: a unit is made from its own commands and from the units it depends on, so a fingerprint covers both and
/// a change upstream shows as a change in every unit made from it.
/// </summary>
internal sealed class RunFile
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private readonly PipelinePlan _plan;
    private readonly Dictionary<string, string> _fingerprints = new(StringComparer.Ordinal);

    private RunFile(PipelinePlan plan, RunRecord record)
    {
        _plan = plan;
        Record = record;
        foreach (var unit in plan.Units)
            _fingerprints[unit.Key] = Fingerprint(unit);
    }

    public RunRecord Record { get; private set; }

    public static RunFile Open(PipelinePlan plan)
    {
        var path = plan.RunFilePath;
        if (!File.Exists(path))
            return new RunFile(plan, new RunRecord { Config = plan.Config.Source });
        try
        {
            return new RunFile(plan, JsonSerializer.Deserialize<RunRecord>(File.ReadAllText(path), Json)
                ?? throw new InvalidInputException($"{path}: empty (null); delete it to record the settings again"));
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}: malformed ({e.Message.Split('\n', 2)[0]}); delete it to record the settings again", e);
        }
    }

    /// <summary>What run.json should say about <paramref name="unit"/> now.</summary>
    public UnitRecord Expected(PipelineUnit unit) => new(unit.Stage, [.. unit.Steps.Select(s => Normalize(s.Args))],
        unit.DependsOn.Where(_fingerprints.ContainsKey).ToDictionary(d => d, d => _fingerprints[d], StringComparer.Ordinal),
        DateTimeOffset.UtcNow);

    /// <summary>
    /// Why <paramref name="unit"/>'s outputs no longer match the config, as the end of a message
    /// ("changed since its outputs were made (steps 1000 → 2000)"); null when they match or nothing was recorded.
    /// </summary>
    public string? Drift(PipelineUnit unit)
    {
        if (!Record.Units.TryGetValue(unit.Key, out var recorded))
            return null;
        var expected = Expected(unit);
        for (var i = 0; i < Math.Max(recorded.Commands.Count, expected.Commands.Count); i++)
        {
            var before = i < recorded.Commands.Count ? recorded.Commands[i] : [];
            var after = i < expected.Commands.Count ? expected.Commands[i] : [];
            if (!before.SequenceEqual(after))
                return $"changed since its outputs were made ({SettingsDiff.Describe(before, after)})";
        }
        foreach (var (input, fingerprint) in expected.Inputs)
        {
            if (recorded.Inputs.TryGetValue(input, out var old) && old != fingerprint)
                return $"was made from a different {input} than the config now describes";
        }
        return null;
    }

    public bool IsRecorded(PipelineUnit unit) => Record.Units.ContainsKey(unit.Key);

    /// <summary>Records <paramref name="unit"/>'s settings before it runs, so that partial outputs are covered too.</summary>
    public void Save(PipelineUnit unit)
    {
        var units = new Dictionary<string, UnitRecord>(Record.Units, StringComparer.Ordinal) { [unit.Key] = Expected(unit) };
        Record = Record with { Config = _plan.Config.Source, Units = units };
        Directory.CreateDirectory(_plan.Config.Out);
        AtomicFile.WriteAllText(_plan.RunFilePath, JsonSerializer.Serialize(Record, Json) + "\n");
    }

    private string Fingerprint(PipelineUnit unit)
    {
        var text = new StringBuilder();
        foreach (var args in unit.Steps.Select(s => Normalize(s.Args)))
            text.AppendJoin('\0', args).Append('\n');
        foreach (var input in unit.DependsOn.Where(_fingerprints.ContainsKey))
            text.Append(input).Append('=').Append(_fingerprints[input]).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    private List<string> Normalize(IReadOnlyList<string> args)
    {
        var root = _plan.Config.Out;
        return [.. args.Select(a =>
            a == root ? "$OUT"
            : a.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? "$OUT" + a[root.Length..]
            : !Path.IsPathRooted(a) && SecretRedactor.LooksLikeSecret(a) ? SecretRedactor.Redacted
            : a)];
    }
}
