namespace LlmDistill.Generation.Batch;

/// <summary>
/// The Batch API's statuses (<c>validating → in_progress → finalizing → completed</c>, or <c>failed</c>,
/// <c>expired</c>, <c>cancelling → cancelled</c>), plus <see cref="Written"/> for a local input file not
/// yet submitted.
/// </summary>
public static class BatchStatus
{
    public const string Written = "written";
    public const string Validating = "validating";
    public const string InProgress = "in_progress";
    public const string Finalizing = "finalizing";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Expired = "expired";
    public const string Cancelling = "cancelling";
    public const string Cancelled = "cancelled";

    /// <summary>Whether the batch has stopped for good: its output and error files are final.</summary>
    public static bool IsTerminal(string status) => status is Completed or Failed or Expired or Cancelled;
}
