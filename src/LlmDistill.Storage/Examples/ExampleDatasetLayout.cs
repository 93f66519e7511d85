using System.Globalization;
using System.Text.RegularExpressions;
using LlmDistill.Storage.IO;

namespace LlmDistill.Storage.Examples;

/// <summary>
/// Where a run's files live: <c>RUN/examples/part-NNNNN.parquet</c> (numbered from 0, five digits while they
/// fit, so that a plain sort is part order) and <c>RUN/manifest.json</c>. Any Parquet reader can read the
/// whole dataset as <c>RUN/examples/*.parquet</c>.
/// </summary>
public static partial class ExampleDatasetLayout
{
    public const string ExamplesFolder = "examples";
    public const string ManifestFileName = "manifest.json";

    /// <summary>Key of the Parquet key-value metadata entry holding each part's schema version.</summary>
    public const string SchemaVersionKey = "llm_distill.schema_version";

    // Hidden like temporary files, so that globs over the run never pick it up.
    internal const string LockFileName = ".writer.lock";

    public static string ExamplesDirectory(string runDirectory) => Path.Combine(runDirectory, ExamplesFolder);

    public static string ManifestPath(string runDirectory) => Path.Combine(runDirectory, ManifestFileName);

    public static string PartPath(string runDirectory, int number) =>
        Path.Combine(ExamplesDirectory(runDirectory), string.Create(CultureInfo.InvariantCulture, $"part-{number:D5}.parquet"));

    /// <summary>The parts of a run in part order, with their numbers; empty when there are none.</summary>
    public static IReadOnlyList<(int Number, string Path)> ListParts(string runDirectory)
    {
        var directory = ExamplesDirectory(runDirectory);
        if (!Directory.Exists(directory))
            return [];
        return Directory.EnumerateFiles(directory)
            .Select(path => (Match: PartName().Match(Path.GetFileName(path)), Path: path))
            .Where(p => p.Match.Success)
            .Select(p => (Number: int.Parse(p.Match.Groups[1].ValueSpan, CultureInfo.InvariantCulture), p.Path))
            .OrderBy(p => p.Number)
            .ToList();
    }

    /// <summary>Removes the temporary files a killed writer left in the run; returns their paths.</summary>
    internal static IReadOnlyList<string> RemoveTemporaryFiles(string runDirectory)
    {
        var removed = new List<string>();
        foreach (var directory in new[] { runDirectory, ExamplesDirectory(runDirectory) }.Where(Directory.Exists))
        {
            foreach (var path in Directory.EnumerateFiles(directory).Where(p => AtomicFile.IsTemporary(Path.GetFileName(p))))
            {
                File.Delete(path);
                removed.Add(path);
            }
        }
        return removed;
    }

    [GeneratedRegex(@"^part-([0-9]{5,9})\.parquet$")]
    private static partial Regex PartName();
}
