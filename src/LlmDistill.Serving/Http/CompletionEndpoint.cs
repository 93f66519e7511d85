using LlmDistill.Core.Errors;
using LlmDistill.Serving.Backend;
using LlmDistill.Serving.Protocol;
using Microsoft.AspNetCore.Http;

namespace LlmDistill.Serving.Http;

/// <summary>
/// POST /v1/chat/completions, /v1/completions and their Azure shapes
/// (/openai/deployments/{deployment}/…): read and check the body, inject a fault if one is drawn, then
/// generate through the backend and answer whole or as a server-sent event stream.
/// </summary>
internal sealed class CompletionEndpoint(ServerState state, bool chat)
{
    public async Task HandleAsync(HttpContext context)
    {
        var body = await RequestBody.ReadAsync(context);
        var request = chat ? RequestReader.ReadChat(body) : RequestReader.ReadCompletion(body);
        CheckModel(context, request);

        if (state.Faults.Next(context.Request.Path.Value ?? "", body.Span) is { } fault
            && await FaultResponder.ApplyAsync(context, fault, state.Faults.Options, request.Stream))
            return;

        if (!state.TryEnter())
        {
            context.Response.Headers.RetryAfter = "1";
            await OpenAiErrors.WriteAsync(context, 503, "The server is busy: too many requests are waiting. Please retry shortly.", OpenAiErrors.ServerError, "server_busy");
            return;
        }
        try
        {
            using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, state.Stopping);
            var job = Start(request, cancellation.Token);
            var header = ResponseHeader.Create(chat ? "chatcmpl-" : "cmpl-", state.ModelName);
            if (request.Stream)
                await CompletionStreamer.StreamAsync(context, header, job, request, chat, cancellation.Token);
            else
                await AnswerWholeAsync(context, header, job, request, cancellation.Token);
        }
        finally
        {
            state.Leave();
        }
    }

    private void CheckModel(HttpContext context, ParsedRequest request)
    {
        if (context.Request.RouteValues.TryGetValue("deployment", out var deployment))
        {
            // Azure: the deployment in the path names the model; the body's model is ignored.
            if (!string.Equals(deployment as string, state.ModelName, StringComparison.Ordinal))
                throw new OpenAiErrorException(404, $"The API deployment '{deployment}' does not exist; this server has '{state.ModelName}'.", OpenAiErrors.InvalidRequest, "DeploymentNotFound");
            return;
        }
        if (request.Model is { } model && !string.Equals(model, state.ModelName, StringComparison.Ordinal))
            throw new OpenAiErrorException(404, $"The model '{model}' does not exist; this server has '{state.ModelName}'.", OpenAiErrors.InvalidRequest, "model_not_found", "model");
    }

    private CompletionJob Start(ParsedRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var prompt = request.Messages is { } messages ? state.Backend.FormatChat(messages) : request.Prompt!;
            return state.Backend.Start(new CompletionRequest
            {
                Prompt = prompt,
                MaxTokens = request.MaxTokens,
                Temperature = request.Temperature,
                TopP = request.TopP,
                Seed = request.Seed,
                Stop = request.Stop,
                Logprobs = request.Logprobs,
                TopLogprobs = request.TopLogprobs,
            }, cancellationToken);
        }
        catch (InvalidInputException e)
        {
            throw new OpenAiErrorException(400, e.Message, OpenAiErrors.InvalidRequest, "context_length_exceeded", chat ? "messages" : "prompt");
        }
    }

    private async Task AnswerWholeAsync(HttpContext context, ResponseHeader header, CompletionJob job, ParsedRequest request, CancellationToken cancellationToken)
    {
        var text = new System.Text.StringBuilder();
        var logprobs = request.Logprobs ? new List<TokenLogprobInfo>() : null;
        var count = 0;
        var finish = CompletionFinish.Length;
        await foreach (var token in job.Tokens.WithCancellation(cancellationToken))
        {
            count++;
            text.Append(token.Text);
            if (token.Logprob is { } info)
                logprobs?.Add(info);
            if (token.Finish is { } f)
                finish = f;
        }
        var usage = new Usage(job.PromptTokens, count);
        var json = chat
            ? ChatResponseWriter.Completion(header, text.ToString(), finish, logprobs, usage)
            : TextResponseWriter.Write(header, text.ToString(), finish, logprobs, request.Prompt!.Length, usage);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = json.Length;
        await context.Response.Body.WriteAsync(json, cancellationToken);
    }
}
