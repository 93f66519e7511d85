using LlmDistill.Llama.Native;

namespace LlmDistill.Llama;

/// <summary>
/// Process-wide llama.cpp state: where the libraries come from and where their log goes.
/// Loading happens on first use of <see cref="LlamaModel.Load"/>; call <see cref="EnsureAvailable"/> to
/// fail early (for example in a CLI's start-up checks).
/// </summary>
public static class LlamaRuntime
{
    /// <summary>
    /// Receives every complete llama.cpp log line (called on llama.cpp's threads, under a lock; keep it short).
    /// When null, lines are dropped; warnings and errors are still kept for exception messages.
    /// </summary>
    public static Action<LlamaLogLevel, string>? LogHandler { get; set; }

    /// <summary>The folder holding the loaded libraries, or null before the first load.</summary>
    public static string? LibraryDirectory => LlamaLibrary.Directory;

    /// <summary>Loads llama.cpp if it is not loaded yet.</summary>
    /// <exception cref="Core.Errors.RuntimeUnavailableException">The libraries are missing or do not load.</exception>
    public static void EnsureAvailable() => LlamaLibrary.EnsureLoaded();

    /// <summary>Recent llama.cpp warnings and errors, oldest first (diagnostics).</summary>
    public static IReadOnlyList<string> RecentProblems() => LlamaLog.RecentProblems();
}
