using System.Diagnostics;
using LlmDistill.Core.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LlmDistill.Serving.Http;

/// <summary>
/// Outermost middleware: one log line per request (method, path without query, status, time — never a
/// header), the API key check, OpenAI's error shape for every failure, and quiet ends for clients that
/// hung up.
/// </summary>
internal sealed partial class ServerMiddleware(RequestDelegate next, ApiKeyAuthenticator? authenticator, ILogger logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            if (authenticator is not null && !authenticator.IsAuthorized(context.Request))
            {
                await OpenAiErrors.WriteAsync(context, 401, "Incorrect or missing API key. Send it as 'Authorization: Bearer KEY' or 'api-key: KEY'.", OpenAiErrors.InvalidRequest, "invalid_api_key");
                return;
            }
            await next(context);
            if (context.Response.StatusCode is 404 or 405 && !context.Response.HasStarted)
                await OpenAiErrors.WriteAsync(context, context.Response.StatusCode, $"Unknown request URL: {context.Request.Method} {context.Request.Path}.", OpenAiErrors.InvalidRequest, "unknown_url");
        }
        catch (OpenAiErrorException e)
        {
            await FailAsync(context, e.StatusCode, e.Message, e.Type, e.Code, e.Param);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; its sequence has been dropped from the batch.
        }
        catch (BadHttpRequestException e)
        {
            await FailAsync(context, e.StatusCode, e.Message, OpenAiErrors.InvalidRequest, null, null);
        }
        catch (OperationCanceledException)
        {
            await FailAsync(context, 503, "The server is shutting down.", OpenAiErrors.ServerError, "service_unavailable", null);
        }
        catch (InvalidInputException e)
        {
            await FailAsync(context, 400, e.Message, OpenAiErrors.InvalidRequest, null, null);
        }
#pragma warning disable CA1031 // Every failure becomes an OpenAI-shaped 500, never a bare connection reset.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFailure(logger, e, context.Request.Method, context.Request.Path);
            var message = e is LlmDistillException ? e.Message : "The server had an error while processing your request.";
            await FailAsync(context, 500, message, OpenAiErrors.ServerError, null, null);
        }
        finally
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                var status = context.RequestAborted.IsCancellationRequested ? 499 : context.Response.StatusCode;
                var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                LogRequest(logger, context.Request.Method, context.Request.Path, status, milliseconds);
            }
        }
    }

    private static async Task FailAsync(HttpContext context, int status, string message, string type, string? code, string? param)
    {
        if (context.RequestAborted.IsCancellationRequested)
            return;
        try
        {
            if (context.Response.HasStarted)
            {
                // Mid-stream: tell an SSE reader what happened, then end the stream.
                if (context.Response.ContentType?.StartsWith("text/event-stream", StringComparison.Ordinal) == true)
                    await CompletionStreamer.SendErrorAsync(context, message, type);
                return;
            }
            context.Response.Headers.Clear();
            await OpenAiErrors.WriteAsync(context, status, message, type, code, param);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // Nothing more can be said to this client.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} -> {Status} in {Milliseconds:F0} ms")]
    private static partial void LogRequest(ILogger logger, string method, PathString path, int status, double milliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogFailure(ILogger logger, Exception error, string method, PathString path);
}
