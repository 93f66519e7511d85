namespace LlmDistill.Serving.Http;

/// <summary>A request the server refuses, answered with OpenAI's error JSON and <see cref="StatusCode"/>.</summary>
internal sealed class OpenAiErrorException : Exception
{
    public OpenAiErrorException(int statusCode, string message, string type, string? code = null, string? param = null)
        : base(message)
    {
        StatusCode = statusCode;
        Type = type;
        Code = code;
        Param = param;
    }

    public OpenAiErrorException()
        : this(500, "server error", OpenAiErrors.ServerError)
    {
    }

    public OpenAiErrorException(string message)
        : this(400, message, OpenAiErrors.InvalidRequest)
    {
    }

    public OpenAiErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = 400;
        Type = OpenAiErrors.InvalidRequest;
    }

    public int StatusCode { get; }

    /// <summary>OpenAI's error type ("invalid_request_error", "server_error", ...).</summary>
    public string Type { get; }

    public string? Code { get; }

    /// <summary>The request field at fault, if one is.</summary>
    public string? Param { get; }

    /// <summary>400 for a request field.</summary>
    public static OpenAiErrorException BadParameter(string param, string message) =>
        new(400, message, OpenAiErrors.InvalidRequest, "invalid_value", param);
}
