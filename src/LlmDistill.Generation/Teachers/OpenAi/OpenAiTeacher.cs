using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using LlmDistill.Core.Errors;
using LlmDistill.Core.Examples;
using OpenAI.Chat;
using CoreChatMessage = LlmDistill.Core.Prompts.ChatMessage;

namespace LlmDistill.Generation.Teachers.OpenAi;

/// <summary>
/// A teacher behind the OpenAI chat-completions API — OpenAI itself, Azure OpenAI, vLLM, llama.cpp's
/// server, or our own <c>serve</c> — through the official SDK's <see cref="ChatClient"/>. Use
/// <see cref="OpenAiTeachers"/> to create one; the SDK's own retries are off (the resilience pipeline
/// retries), so a request is never retried twice.
/// </summary>
public sealed class OpenAiTeacher : ITeacher
{
    private readonly ChatClient _client;

    public OpenAiTeacher(ChatClient client, string name)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _client = client;
        Name = name;
    }

    public string Name { get; }

    public async Task<TeacherResponse> CompleteAsync(TeacherRequest request, CancellationToken cancellationToken)
    {
        var options = new ChatCompletionOptions
        {
            Temperature = (float)request.Temperature,
            MaxOutputTokenCount = request.MaxTokens,
        };
#pragma warning disable OPENAI001 // Seed is marked experimental by the SDK; it is a plain request field.
        if (request.Seed is { } seed)
            options.Seed = seed;
#pragma warning restore OPENAI001
        foreach (var stop in request.Stop)
            options.StopSequences.Add(stop);
        if (request.TopLogprobs > 0)
        {
            options.IncludeLogProbabilities = true;
            options.TopLogProbabilityCount = Math.Min(request.TopLogprobs, 20);
        }

        ChatCompletion completion;
        try
        {
            completion = (await _client.CompleteChatAsync(request.Messages.Select(ToSdk), options, cancellationToken)).Value;
        }
        catch (ClientResultException e)
        {
            throw TeacherException.FromStatus(e.Status, $"{Name}: HTTP {e.Status}: {FirstLine(e.Message)}",
                RetryAfter(e.GetRawResponse()), e);
        }
        catch (Azure.Identity.AuthenticationFailedException e)
        {
            throw new ExternalServiceException($"{Name}: no API key was set and Entra ID sign-in failed: {FirstLine(e.Message)}", e);
        }
        catch (HttpRequestException e)
        {
            throw new TeacherException("connection", $"{Name}: {FirstLine(e.Message)}", isTransient: true, inner: e);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException or ArgumentException
                                      && !cancellationToken.IsCancellationRequested)
        {
            // A 200 with a body the SDK cannot read: proxies and overloaded servers do this; worth a retry.
            throw new TeacherException("malformed_response", $"{Name}: unreadable response: {FirstLine(e.Message)}", isTransient: true, inner: e);
        }

        return ToResponse(completion, request.TopLogprobs > 0);
    }

    /// <summary>A completion as a <see cref="TeacherResponse"/>; the batch path reads its output lines through this too.</summary>
    internal static TeacherResponse ToResponse(ChatCompletion completion, bool withLogprobs)
    {
        var text = string.Concat(completion.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));
        return new TeacherResponse(text, FinishReason(completion.FinishReason),
            completion.Usage?.InputTokenCount, completion.Usage?.OutputTokenCount,
            withLogprobs ? Logprobs(completion.ContentTokenLogProbabilities) : null);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static OpenAI.Chat.ChatMessage ToSdk(CoreChatMessage message) => message.Role switch
    {
        CoreChatMessage.SystemRole => new SystemChatMessage(message.Content),
        CoreChatMessage.AssistantRole => new AssistantChatMessage(message.Content),
        _ => new UserChatMessage(message.Content),
    };

    private static string FinishReason(ChatFinishReason reason) => reason switch
    {
        ChatFinishReason.Stop => "stop",
        ChatFinishReason.Length => "length",
        ChatFinishReason.ContentFilter => "content_filter",
        ChatFinishReason.ToolCalls => "tool_calls",
        ChatFinishReason.FunctionCall => "function_call",
        _ => reason.ToString().ToLowerInvariant(),
    };

    private static List<TopLogprob> Logprobs(IReadOnlyList<ChatTokenLogProbabilityDetails> positions)
    {
        var result = new List<TopLogprob>();
        for (var position = 0; position < positions.Count; position++)
        {
            foreach (var alternative in positions[position].TopLogProbabilities)
                result.Add(new TopLogprob(position, alternative.Token, null, alternative.LogProbability));
        }
        return result;
    }

    /// <summary>Retry-After as seconds or an HTTP date; Azure and OpenAI also send retry-after-ms.</summary>
    internal static TimeSpan? RetryAfter(PipelineResponse? response)
    {
        if (response is null)
            return null;
        if (response.Headers.TryGetValue("retry-after-ms", out var ms)
            && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
            return TimeSpan.FromMilliseconds(millis);
        if (!response.Headers.TryGetValue("Retry-After", out var value) || value is null)
            return null;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            return TimeSpan.FromSeconds(seconds);
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? Max(date - DateTimeOffset.UtcNow, TimeSpan.Zero)
            : null;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
