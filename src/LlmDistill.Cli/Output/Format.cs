namespace LlmDistill.Cli.Output;

/// <summary>Human-readable numbers for tables.</summary>
internal static class Format
{
    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.0} KiB",
        < 1024L * 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.0} MiB",
        _ => $"{bytes / (1024.0 * 1024 * 1024):0.00} GiB",
    };

    /// <summary>1234 → 1.23K, 3_300_000 → 3.30M: parameter counts as people say them.</summary>
    public static string Count(long n) => n switch
    {
        < 1_000 => n.ToString(),
        < 1_000_000 => $"{n / 1e3:0.##}K",
        < 1_000_000_000 => $"{n / 1e6:0.##}M",
        _ => $"{n / 1e9:0.##}B",
    };

    public static string Truncate(string text, int max) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max), $"… ({text.Length:N0} chars)");
}
