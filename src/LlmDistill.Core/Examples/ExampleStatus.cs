namespace LlmDistill.Core.Examples;

/// <summary>
/// The <c>status</c> column: <c>ok</c>, <c>parse_failed</c>, <c>filtered:REASON</c> or <c>failed:REASON</c>.
/// A plain string in the record so that the Parquet column is a plain string readers can group by.
/// </summary>
public static class ExampleStatus
{
    /// <summary>The teacher answered and the rationale and answer were parsed.</summary>
    public const string Ok = "ok";

    /// <summary>The teacher answered but no final answer could be parsed from its text.</summary>
    public const string ParseFailed = "parse_failed";

    private const string FilteredPrefix = "filtered:";
    private const string FailedPrefix = "failed:";

    /// <summary>Longest reason kept: a reason is a label to group by, not a log.</summary>
    public const int MaxReasonLength = 120;

    /// <summary>A filter dropped the example, e.g. <c>Filtered("wrong_answer")</c>.</summary>
    public static string Filtered(string reason) => FilteredPrefix + Reason(reason);

    /// <summary>The request kept failing, e.g. <c>Failed("http_429")</c>; recorded, never dropped silently.</summary>
    public static string Failed(string reason) => FailedPrefix + Reason(reason);

    /// <summary>The kind before any reason: <c>ok</c>, <c>parse_failed</c>, <c>filtered</c> or <c>failed</c>.</summary>
    public static string Kind(string status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var colon = status.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? status : status[..colon];
    }

    /// <summary>Whether <paramref name="status"/> is one of the four shapes above.</summary>
    public static bool IsValid(string? status) => status switch
    {
        null => false,
        Ok or ParseFailed => true,
        _ when status.StartsWith(FilteredPrefix, StringComparison.Ordinal) => IsReason(status[FilteredPrefix.Length..]),
        _ when status.StartsWith(FailedPrefix, StringComparison.Ordinal) => IsReason(status[FailedPrefix.Length..]),
        _ => false,
    };

    // Reasons become one short line: statuses are grouped and counted, and a multi-line exception
    // message would make every failure its own group.
    private static string Reason(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var oneLine = string.Join(' ', reason.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (oneLine.Length == 0)
            throw new ArgumentException("a status reason must not be empty", nameof(reason));
        return oneLine.Length <= MaxReasonLength ? oneLine : oneLine[..MaxReasonLength];
    }

    private static bool IsReason(string reason) =>
        reason.Length is > 0 and <= MaxReasonLength && !reason.Any(char.IsControl) && reason.Trim() == reason;
}
