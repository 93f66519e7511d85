using LlmDistill.Serving.Backend;
using LlmDistill.Serving.Protocol;
using Microsoft.AspNetCore.Http;

namespace LlmDistill.Serving.Http;

/// <summary>
/// Server-sent events as OpenAI streams them: one <c>data: {json}\n\n</c> per chunk, flushed at once,
/// then (with stream_options.include_usage) a chunk with no choices and the usage, then <c>data: [DONE]</c>.
/// Chat streams open with a chunk carrying the assistant role and close with an empty delta carrying
/// finish_reason.
/// </summary>
internal static class CompletionStreamer
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    public static async Task StreamAsync(HttpContext context, ResponseHeader header, CompletionJob job, ParsedRequest request, bool chat, CancellationToken cancellationToken)
    {
        await using var tokens = job.Tokens.GetAsyncEnumerator(cancellationToken);
        // Wait for the first token before committing to 200, so that an early failure still gets a proper status.
        var hasToken = await tokens.MoveNextAsync();

        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var include = request.IncludeUsage;
        if (chat)
            await SendAsync(response, ChatResponseWriter.Chunk(header, role: true, "", null, null, include), cancellationToken);

        var count = 0;
        var offset = request.Prompt?.Length ?? 0;
        while (hasToken)
        {
            var token = tokens.Current;
            count++;
            var logprobs = request.Logprobs && token.Logprob is { } info ? new[] { info } : null;
            if (chat)
            {
                if (token.Text.Length > 0 || logprobs is not null)
                    await SendAsync(response, ChatResponseWriter.Chunk(header, role: false, token.Text, logprobs, null, include), cancellationToken);
                if (token.Finish is { } finish)
                    await SendAsync(response, ChatResponseWriter.Chunk(header, role: false, null, null, finish, include), cancellationToken);
            }
            else if (token.Text.Length > 0 || logprobs is not null || token.Finish is not null)
            {
                var chunk = TextResponseWriter.Write(header, token.Text, token.Finish, request.Logprobs ? logprobs ?? [] : null, offset, usage: null, usageNull: include);
                await SendAsync(response, chunk, cancellationToken);
            }
            offset += token.Logprob?.Chosen.Token.Length ?? 0;
            hasToken = await tokens.MoveNextAsync();
        }

        if (include)
        {
            var usage = new Usage(job.PromptTokens, count);
            await SendAsync(response, ChatResponseWriter.UsageChunk(header, usage, chat ? "chat.completion.chunk" : "text_completion"), cancellationToken);
        }
        await response.Body.WriteAsync(Done, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>An error after the stream has begun: one event in OpenAI's error shape, then the stream ends.</summary>
    public static async Task SendErrorAsync(HttpContext context, string message, string type)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = OpenAiErrors.Body(message, type, null);
        await SendAsync(context.Response, body, CancellationToken.None);
    }

    private static async Task SendAsync(HttpResponse response, byte[] json, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(DataPrefix, cancellationToken);
        await response.Body.WriteAsync(json, cancellationToken);
        await response.Body.WriteAsync(EventEnd, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
