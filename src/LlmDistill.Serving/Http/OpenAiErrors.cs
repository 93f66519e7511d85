using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace LlmDistill.Serving.Http;

/// <summary>OpenAI's error body: <c>{"error": {"message", "type", "param", "code"}}</c>.</summary>
internal static class OpenAiErrors
{
    public const string InvalidRequest = "invalid_request_error";
    public const string ServerError = "server_error";
    public const string RateLimit = "rate_limit_exceeded";

    /// <summary>The error body as bytes.</summary>
    public static byte[] Body(string message, string type, string? code, string? param = null)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartObject("error");
            json.WriteString("message", message);
            json.WriteString("type", type);
            WriteNullable(json, "param", param);
            WriteNullable(json, "code", code);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return stream.ToArray();
    }

    /// <summary>Writes an error response unless the response has started (then it can only be cut short).</summary>
    public static async Task WriteAsync(HttpContext context, int status, string message, string type, string? code, string? param = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Response.HasStarted)
            return;
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(Body(message, type, code, param), context.RequestAborted);
    }

    public static Task WriteAsync(HttpContext context, OpenAiErrorException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return WriteAsync(context, error.StatusCode, error.Message, error.Type, error.Code, error.Param);
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
            json.WriteNull(name);
        else
            json.WriteString(name, value);
    }
}
