using System.ClientModel.Primitives;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LlmDistill.Generation.Teachers;
using LlmDistill.Generation.Teachers.OpenAi;
using OpenAI.Chat;

namespace LlmDistill.Generation.Batch;

/// <summary>
/// One line of a batch output or error file: <c>{"custom_id", "response": {"status_code", "body"}, "error"}</c>.
/// A 200 carries a chat completion, read by the SDK's own model so that it parses exactly as the online
/// teacher's answer; anything else becomes the reason of a <c>failed:REASON</c> row, named like the online
/// path's (<c>http_429</c>) or after the API's error code (<c>batch_expired</c>).
/// </summary>
internal sealed record BatchResultLine(string CustomId, TeacherResponse? Response, string? FailureReason)
{
    /// <summary>The line read; null when it is not a result line at all (blank, not JSON, no custom_id).</summary>
    public static BatchResultLine? Parse(string line, bool withLogprobs)
    {
        if (string.IsNullOrWhiteSpace(line))
            return null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            return null;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("custom_id", out var idElement) || idElement.ValueKind != JsonValueKind.String
                || idElement.GetString() is not { Length: > 0 } id)
                return null;

            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                return new BatchResultLine(id, null, Code(error) ?? "batch_error");
            if (!root.TryGetProperty("response", out var response) || response.ValueKind != JsonValueKind.Object)
                return new BatchResultLine(id, null, "malformed_response");
            var status = response.TryGetProperty("status_code", out var code) && code.TryGetInt32(out var s) ? s : 0;
            if (status != 200)
                return new BatchResultLine(id, null, string.Create(CultureInfo.InvariantCulture, $"http_{status}"));
            if (!response.TryGetProperty("body", out var body) || body.ValueKind != JsonValueKind.Object)
                return new BatchResultLine(id, null, "malformed_response");
            try
            {
                var completion = ModelReaderWriter.Read<ChatCompletion>(BinaryData.FromString(body.GetRawText()))
                    ?? throw new JsonException("null completion");
                return new BatchResultLine(id, OpenAiTeacher.ToResponse(completion, withLogprobs), null);
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException
                                          or KeyNotFoundException or IndexOutOfRangeException or ArgumentOutOfRangeException)
            {
                return new BatchResultLine(id, null, "malformed_response");
            }
        }
    }

    // An API error code as a status reason: lower-case letters, digits and underscores.
    private static string? Code(JsonElement error)
    {
        if (!error.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.String)
            return null;
        var text = new StringBuilder();
        foreach (var c in code.GetString() ?? "")
            text.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_');
        return text.Length == 0 ? null : text.ToString();
    }
}
