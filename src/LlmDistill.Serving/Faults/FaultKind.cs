namespace LlmDistill.Serving.Faults;

/// <summary>A failure the server can inject into a completion request.</summary>
public enum FaultKind
{
    /// <summary>429 with a Retry-After header (seconds).</summary>
    TooManyRequests,

    /// <summary>500 in OpenAI's error shape.</summary>
    InternalServerError,

    /// <summary>503 in OpenAI's error shape.</summary>
    ServiceUnavailable,

    /// <summary>Holds the request for <see cref="FaultInjection.StallSeconds"/> (or until the client gives up), then answers normally.</summary>
    Stall,

    /// <summary>200 with a truncated, unparseable JSON body.</summary>
    MalformedBody,

    /// <summary>Closes the connection without an answer.</summary>
    ConnectionDrop,
}
