using System.Text.Json;
using LlmDistill.Generation.Teachers;

namespace LlmDistill.Generation.Batch;

/// <summary>
/// One line of a batch input file: <c>{"custom_id", "method": "POST", "url", "body"}</c>, the body being the
/// chat-completions request the online teacher would send for the same <see cref="TeacherRequest"/>.
/// </summary>
internal static class BatchRequestLine
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    /// <summary>The UTF-8 line, newline included.</summary>
    public static byte[] Encode(string customId, string url, string model, string maxTokensField, TeacherRequest request)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("custom_id", customId);
            json.WriteString("method", "POST");
            json.WriteString("url", url);
            json.WritePropertyName("body");
            json.WriteStartObject();
            json.WriteString("model", model);
            json.WriteStartArray("messages");
            foreach (var message in request.Messages)
            {
                json.WriteStartObject();
                json.WriteString("role", message.Role);
                json.WriteString("content", message.Content);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            // As the SDK sends it: a float, so that the batch and the online request ask for the same value.
            json.WriteNumber("temperature", (float)request.Temperature);
            json.WriteNumber(maxTokensField, request.MaxTokens);
            if (request.Seed is { } seed)
                json.WriteNumber("seed", seed);
            if (request.Stop.Count > 0)
            {
                json.WriteStartArray("stop");
                foreach (var stop in request.Stop)
                    json.WriteStringValue(stop);
                json.WriteEndArray();
            }
            if (request.TopLogprobs > 0)
            {
                json.WriteBoolean("logprobs", true);
                json.WriteNumber("top_logprobs", Math.Min(request.TopLogprobs, 20));
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        buffer.Write(NewLine);
        return buffer.ToArray();
    }

    /// <summary>The <c>custom_id</c> of an input line.</summary>
    public static string CustomId(string line)
    {
        using var document = JsonDocument.Parse(line);
        return document.RootElement.GetProperty("custom_id").GetString()
            ?? throw new JsonException("custom_id is null");
    }
}
