using System.Diagnostics;
using System.Text.Json;
using LlmDistill.Tests.Shared;

namespace LlmDistill.Storage.Tests.Examples;

/// <summary>
/// hyparquet, a pure-JavaScript Parquet reader, run with node through <c>scripts/parquet-to-json.mjs</c>: a
/// reader that shares no code with Parquet.Net. Fetched once from npm by <c>scripts/fetch-hyparquet.sh</c>.
/// </summary>
internal static class Hyparquet
{
    private static readonly Lazy<string> Package = new(Fetch, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The file as hyparquet sees it: <c>{ metadata, schema, rows }</c> (see the script).</summary>
    public static JsonDocument Read(string parquetPath) =>
        JsonDocument.Parse(Run("node", Path.Combine(LlamaCppSource.RepoRoot, "scripts", "parquet-to-json.mjs"), Package.Value, parquetPath));

    private static string Fetch() => Run("bash", Path.Combine(LlamaCppSource.RepoRoot, "scripts", "fetch-hyparquet.sh")).Trim();

    private static string Run(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {program}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {stderr.Result}");
        return stdout;
    }
}
