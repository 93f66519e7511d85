using System.Diagnostics;

namespace LlmDistill.Tests.Shared;

/// <summary>
/// The llama.cpp source tree matching the pinned binaries (headers, vocabulary files and their test
/// vectors), fetched once by <c>scripts/fetch-llama-cpp.sh --source</c> and cached.
/// </summary>
public static class LlamaCppSource
{
    private static readonly Lazy<string> Root = new(Fetch, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The repository root (the folder holding LlmDistill.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The llama.cpp source folder (contains include/llama.h and models/).</summary>
    public static string Directory => Root.Value;

    public static string Path(params string[] parts) => System.IO.Path.Combine([Directory, .. parts]);

    private static string Fetch()
    {
        var script = System.IO.Path.Combine(RepoRoot, "scripts", "fetch-llama-cpp.sh");
        var psi = new ProcessStartInfo("bash", [script, "--source"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start bash");
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"fetch-llama-cpp.sh failed: {stderr}");
        return System.IO.Path.Combine(stdout.Trim(), "src");
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "LlmDistill.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("LlmDistill.sln not found above " + AppContext.BaseDirectory);
    }
}
