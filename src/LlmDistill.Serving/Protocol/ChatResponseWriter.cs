using System.Buffers;
using System.Text.Json;
using LlmDistill.Serving.Backend;

namespace LlmDistill.Serving.Protocol;

/// <summary>
/// Chat completion JSON as OpenAI sends it (and the OpenAI / Azure OpenAI SDKs parse it): the whole
/// response, and the chunks of a stream.
/// </summary>
internal static class ChatResponseWriter
{
    public static byte[] Completion(ResponseHeader header, string content, CompletionFinish finish, IReadOnlyList<TokenLogprobInfo>? logprobs, Usage usage)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            WriteHeader(json, header, "chat.completion");
            json.WriteStartArray("choices");
            json.WriteStartObject();
            json.WriteNumber("index", 0);
            json.WriteStartObject("message");
            json.WriteString("role", "assistant");
            json.WriteString("content", content);
            json.WriteNull("refusal");
            json.WriteEndObject();
            WriteLogprobs(json, logprobs);
            json.WriteString("finish_reason", FinishText(finish));
            json.WriteEndObject();
            json.WriteEndArray();
            WriteUsage(json, usage);
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>One chunk of a stream: a delta (role on the first, content after), or the finish.</summary>
    public static byte[] Chunk(ResponseHeader header, bool role, string? content, IReadOnlyList<TokenLogprobInfo>? logprobs, CompletionFinish? finish, bool includeUsage)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            WriteHeader(json, header, "chat.completion.chunk");
            json.WriteStartArray("choices");
            json.WriteStartObject();
            json.WriteNumber("index", 0);
            json.WriteStartObject("delta");
            if (role)
                json.WriteString("role", "assistant");
            if (content is not null)
                json.WriteString("content", content);
            json.WriteEndObject();
            WriteLogprobs(json, logprobs);
            if (finish is { } f)
                json.WriteString("finish_reason", FinishText(f));
            else
                json.WriteNull("finish_reason");
            json.WriteEndObject();
            json.WriteEndArray();
            if (includeUsage)
                json.WriteNull("usage");
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The last chunk when stream_options.include_usage is set: no choices, the usage. <paramref name="objectName"/> is
    /// <c>chat.completion.chunk</c>, or <c>text_completion</c> for the legacy completions route.
    /// </summary>
    public static byte[] UsageChunk(ResponseHeader header, Usage usage, string objectName = "chat.completion.chunk")
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            WriteHeader(json, header, objectName);
            json.WriteStartArray("choices");
            json.WriteEndArray();
            WriteUsage(json, usage);
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static string FinishText(CompletionFinish finish) => finish == CompletionFinish.Length ? "length" : "stop";

    public static void WriteHeader(Utf8JsonWriter json, ResponseHeader header, string type)
    {
        json.WriteString("id", header.Id);
        json.WriteString("object", type);
        json.WriteNumber("created", header.Created);
        json.WriteString("model", header.Model);
        json.WriteString("system_fingerprint", "llm-distill");
    }

    public static void WriteUsage(Utf8JsonWriter json, Usage usage)
    {
        json.WriteStartObject("usage");
        json.WriteNumber("prompt_tokens", usage.PromptTokens);
        json.WriteNumber("completion_tokens", usage.CompletionTokens);
        json.WriteNumber("total_tokens", usage.TotalTokens);
        json.WriteEndObject();
    }

    /// <summary>OpenAI reports probability 0 as -9999 (JSON has no -Infinity).</summary>
    public static float Finite(float logprob) => float.IsFinite(logprob) ? Math.Min(logprob, 0f) : -9999f;

    private static void WriteLogprobs(Utf8JsonWriter json, IReadOnlyList<TokenLogprobInfo>? logprobs)
    {
        if (logprobs is null)
        {
            json.WriteNull("logprobs");
            return;
        }
        json.WriteStartObject("logprobs");
        json.WriteStartArray("content");
        foreach (var token in logprobs)
        {
            json.WriteStartObject();
            WriteAlternative(json, token.Chosen);
            json.WriteStartArray("top_logprobs");
            foreach (var top in token.Top)
            {
                json.WriteStartObject();
                WriteAlternative(json, top);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteNull("refusal");
        json.WriteEndObject();
    }

    private static void WriteAlternative(Utf8JsonWriter json, TokenAlternative token)
    {
        json.WriteString("token", token.Token);
        json.WriteNumber("logprob", Finite(token.Logprob));
        json.WriteStartArray("bytes");
        foreach (var b in token.Bytes)
            json.WriteNumberValue(b);
        json.WriteEndArray();
    }
}
