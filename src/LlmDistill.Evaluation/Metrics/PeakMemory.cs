using System.Globalization;

namespace LlmDistill.Evaluation.Metrics;

/// <summary>
/// The process's peak resident set size (Linux <c>VmHWM</c>). It is process-wide: it counts the runtime, every
/// loaded model and anything else the process holds. <see cref="TryReset"/> lowers the mark to the current RSS
/// (writing 5 to <c>/proc/self/clear_refs</c>), so a peak read after an evaluation covers that evaluation plus
/// whatever was already resident when it started.
/// </summary>
public static class PeakMemory
{
    private const string StatusPath = "/proc/self/status";
    private const string ClearRefsPath = "/proc/self/clear_refs";

    /// <summary>Resets the high-water mark; false where the kernel does not allow it (or not Linux).</summary>
    public static bool TryReset()
    {
        try
        {
            File.WriteAllText(ClearRefsPath, "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>Peak RSS in bytes since start or the last reset; null where <c>/proc</c> is not available.</summary>
    public static long? ReadPeakRssBytes()
    {
        try
        {
            foreach (var line in File.ReadLines(StatusPath))
            {
                // "VmHWM:	  208956 kB"
                if (!line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    continue;
                var parts = line["VmHWM:".Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                return parts.Length == 2 && parts[1] == "kB" && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kb)
                    ? kb * 1024
                    : null;
            }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
