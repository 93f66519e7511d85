namespace LlmDistill.Generation.Teachers;

/// <summary>
/// A teacher request failed. <see cref="Reason"/> is a short label that ends up in the row's
/// <c>failed:REASON</c> status; <see cref="IsTransient"/> says whether trying again may help.
/// </summary>
public sealed class TeacherException : Exception
{
    public TeacherException(string reason, string message, bool isTransient, int? statusCode = null,
        TimeSpan? retryAfter = null, Exception? inner = null)
        : base(message, inner)
    {
        Reason = reason;
        IsTransient = isTransient;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    public string Reason { get; }

    public bool IsTransient { get; }

    /// <summary>The HTTP status, for HTTP teachers.</summary>
    public int? StatusCode { get; }

    /// <summary>How long the server asked us to wait (HTTP <c>Retry-After</c>).</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// The exception for an HTTP status: 408, 429 and 5xx are transient, other 4xx are not. Status 0 is
    /// the SDK's way of saying no response came at all (refused, reset, DNS): transient too.
    /// </summary>
    public static TeacherException FromStatus(int status, string message, TimeSpan? retryAfter = null, Exception? inner = null) =>
        status == 0
            ? new("connection", message, isTransient: true, inner: inner)
            : new($"http_{status}", message, status is 408 or 429 or >= 500, status, retryAfter, inner);
}
