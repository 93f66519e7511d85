using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace LlmDistill.Serving.Http;

/// <summary>
/// Reads a request body whole (its size is capped by Kestrel's MaxRequestBodySize). The body must be
/// declared JSON: browsers send other types cross-origin without a CORS preflight, JSON only after one
/// (which this server never grants), so a web page cannot drive a loopback server.
/// </summary>
internal static class RequestBody
{
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpContext context)
    {
        if (!IsJson(context.Request.ContentType))
            throw new OpenAiErrorException(400, $"Content-Type must be application/json, not '{context.Request.ContentType}'.", OpenAiErrors.InvalidRequest, "invalid_content_type");
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        if (buffer.Length == 0)
            throw new OpenAiErrorException(400, "The request body is empty; send a JSON object.", OpenAiErrors.InvalidRequest, "invalid_json");
        return buffer.ToArray();
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type)
        && type.MediaType.Value is { } media
        && (media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}
