using System.Text;
using LlmDistill.Serving.Faults;
using Microsoft.AspNetCore.Http;

namespace LlmDistill.Serving.Http;

/// <summary>Acts out an injected fault. Returns true when the request has been answered (or dropped).</summary>
internal static class FaultResponder
{
    public static async Task<bool> ApplyAsync(HttpContext context, FaultKind fault, FaultInjection options, bool stream)
    {
        switch (fault)
        {
            case FaultKind.TooManyRequests:
                context.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await OpenAiErrors.WriteAsync(context, 429, "Rate limit reached (injected fault). Please retry after the time in Retry-After.", OpenAiErrors.RateLimit, OpenAiErrors.RateLimit);
                return true;
            case FaultKind.InternalServerError:
                await OpenAiErrors.WriteAsync(context, 500, "The server had an error while processing your request (injected fault).", OpenAiErrors.ServerError, null);
                return true;
            case FaultKind.ServiceUnavailable:
                await OpenAiErrors.WriteAsync(context, 503, "The server is overloaded or not ready yet (injected fault).", OpenAiErrors.ServerError, "service_unavailable");
                return true;
            case FaultKind.Stall:
                // Answer normally afterwards, unless the client gave up first.
                await Task.Delay(TimeSpan.FromSeconds(options.StallSeconds), context.RequestAborted);
                return false;
            case FaultKind.MalformedBody:
                context.Response.StatusCode = 200;
                context.Response.ContentType = stream ? "text/event-stream" : "application/json";
                var broken = "{\"id\":\"chatcmpl-injected\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"unterminated";
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(stream ? "data: " + broken + "\n\n" : broken), context.RequestAborted);
                return true;
            case FaultKind.ConnectionDrop:
                context.Abort();
                return true;
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault, null);
        }
    }
}
