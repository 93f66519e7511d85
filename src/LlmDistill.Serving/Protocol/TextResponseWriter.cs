using System.Buffers;
using System.Text.Json;
using LlmDistill.Serving.Backend;

namespace LlmDistill.Serving.Protocol;

/// <summary>Legacy text completion JSON (<c>object: "text_completion"</c>), whole and in stream chunks.</summary>
internal static class TextResponseWriter
{
    /// <summary>A whole response, or (with <paramref name="usage"/> null) one stream chunk.</summary>
    /// <param name="header">Id, created, model.</param>
    /// <param name="text">The completion text, or this chunk's text.</param>
    /// <param name="finish">Finish reason (null on a stream chunk before the last).</param>
    /// <param name="logprobs">Per-token logprobs when asked for.</param>
    /// <param name="textOffset">Character offset of the first token's text, counted from the start of the prompt.</param>
    /// <param name="usage">Usage on a whole response; null on chunks.</param>
    /// <param name="usageNull">Write "usage": null (stream chunks when include_usage is set).</param>
    public static byte[] Write(ResponseHeader header, string text, CompletionFinish? finish, IReadOnlyList<TokenLogprobInfo>? logprobs, int textOffset, Usage? usage, bool usageNull = false)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            ChatResponseWriter.WriteHeader(json, header, "text_completion");
            json.WriteStartArray("choices");
            json.WriteStartObject();
            json.WriteString("text", text);
            json.WriteNumber("index", 0);
            WriteLogprobs(json, logprobs, textOffset);
            if (finish is { } f)
                json.WriteString("finish_reason", ChatResponseWriter.FinishText(f));
            else
                json.WriteNull("finish_reason");
            json.WriteEndObject();
            json.WriteEndArray();
            if (usage is { } u)
                ChatResponseWriter.WriteUsage(json, u);
            else if (usageNull)
                json.WriteNull("usage");
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    // Legacy shape: parallel arrays, top_logprobs as {token: logprob} (a duplicate token text keeps the likelier).
    private static void WriteLogprobs(Utf8JsonWriter json, IReadOnlyList<TokenLogprobInfo>? logprobs, int textOffset)
    {
        if (logprobs is null)
        {
            json.WriteNull("logprobs");
            return;
        }
        json.WriteStartObject("logprobs");
        json.WriteStartArray("tokens");
        foreach (var t in logprobs)
            json.WriteStringValue(t.Chosen.Token);
        json.WriteEndArray();
        json.WriteStartArray("token_logprobs");
        foreach (var t in logprobs)
            json.WriteNumberValue(ChatResponseWriter.Finite(t.Chosen.Logprob));
        json.WriteEndArray();
        json.WriteStartArray("top_logprobs");
        foreach (var t in logprobs)
        {
            json.WriteStartObject();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var top in t.Top)
            {
                if (seen.Add(top.Token))
                    json.WriteNumber(top.Token, ChatResponseWriter.Finite(top.Logprob));
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("text_offset");
        var offset = textOffset;
        foreach (var t in logprobs)
        {
            json.WriteNumberValue(offset);
            offset += t.Chosen.Token.Length;
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
