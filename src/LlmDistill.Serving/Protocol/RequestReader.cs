using System.Text.Json;
using LlmDistill.Core.Prompts;
using LlmDistill.Serving.Http;

namespace LlmDistill.Serving.Protocol;

/// <summary>
/// Reads OpenAI request bodies strictly enough to refuse what this server cannot honour (n &gt; 1, tools,
/// echo, ...) with a 400 that names the field, and loosely enough to accept what the SDKs send.
/// Fields not listed here are ignored.
/// </summary>
internal static class RequestReader
{
    /// <summary>OpenAI's limit on top_logprobs.</summary>
    public const int MaxTopLogprobs = 20;

    private const int MaxStopStrings = 16;

    public static ParsedRequest ReadChat(ReadOnlyMemory<byte> body)
    {
        using var document = Parse(body);
        var root = document.RootElement;
        var messages = ReadMessages(Required(root, "messages"));
        RefuseNonEmpty(root, "tools");
        RefuseNonEmpty(root, "functions");
        if (Optional(root, "response_format") is { ValueKind: JsonValueKind.Object } format
            && format.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() != "text")
            throw OpenAiErrorException.BadParameter("response_format", "only response_format {\"type\": \"text\"} is supported by this server");
        var logprobs = Bool(root, "logprobs") ?? false;
        var top = Int(root, "top_logprobs");
        if (top is { } k)
        {
            if (k < 0 || k > MaxTopLogprobs)
                throw OpenAiErrorException.BadParameter("top_logprobs", $"top_logprobs must be between 0 and {MaxTopLogprobs}");
            if (!logprobs)
                throw OpenAiErrorException.BadParameter("top_logprobs", "top_logprobs requires logprobs to be true");
        }
        var maxTokens = Int(root, "max_completion_tokens") ?? Int(root, "max_tokens");
        return Common(root, maxTokens, "max_tokens") with
        {
            Messages = messages,
            Logprobs = logprobs,
            TopLogprobs = top ?? 0,
        };
    }

    public static ParsedRequest ReadCompletion(ReadOnlyMemory<byte> body)
    {
        using var document = Parse(body);
        var root = document.RootElement;
        var prompt = ReadPrompt(Required(root, "prompt"));
        if (Bool(root, "echo") == true)
            throw OpenAiErrorException.BadParameter("echo", "echo is not supported by this server");
        if (Int(root, "best_of") is > 1)
            throw OpenAiErrorException.BadParameter("best_of", "best_of > 1 is not supported by this server");
        if (Optional(root, "suffix") is { ValueKind: JsonValueKind.String } suffix && suffix.GetString()!.Length > 0)
            throw OpenAiErrorException.BadParameter("suffix", "suffix is not supported by this server");
        var logprobs = Int(root, "logprobs");
        if (logprobs is < 0 or > MaxTopLogprobs)
            throw OpenAiErrorException.BadParameter("logprobs", $"logprobs must be between 0 and {MaxTopLogprobs}");
        // The legacy completions API generates 16 tokens unless told otherwise.
        return Common(root, Int(root, "max_tokens") ?? 16, "max_tokens") with
        {
            Prompt = prompt,
            Logprobs = logprobs is not null,
            TopLogprobs = logprobs ?? 0,
        };
    }

    private static ParsedRequest Common(JsonElement root, int? maxTokens, string maxTokensName)
    {
        if (maxTokens is < 1)
            throw OpenAiErrorException.BadParameter(maxTokensName, $"{maxTokensName} must be at least 1");
        if (Int(root, "n") is { } n && n != 1)
            throw OpenAiErrorException.BadParameter("n", "this server generates one choice per request: n must be 1");
        var temperature = Number(root, "temperature") ?? 1;
        if (!(temperature >= 0 && temperature <= 2))
            throw OpenAiErrorException.BadParameter("temperature", "temperature must be between 0 and 2");
        var topP = Number(root, "top_p") ?? 1;
        if (!(topP > 0 && topP <= 1))
            throw OpenAiErrorException.BadParameter("top_p", "top_p must be greater than 0 and at most 1");
        var stream = Bool(root, "stream") ?? false;
        var includeUsage = false;
        if (Optional(root, "stream_options") is { } options)
        {
            if (!stream)
                throw OpenAiErrorException.BadParameter("stream_options", "stream_options is only allowed when stream is true");
            if (options.ValueKind != JsonValueKind.Object)
                throw OpenAiErrorException.BadParameter("stream_options", "stream_options must be an object");
            includeUsage = Bool(options, "include_usage", "stream_options.include_usage") ?? false;
        }
        var model = Optional(root, "model") is { } m
            ? m.ValueKind == JsonValueKind.String ? m.GetString() : throw OpenAiErrorException.BadParameter("model", "model must be a string")
            : null;
        return new ParsedRequest
        {
            Model = model,
            MaxTokens = maxTokens,
            Temperature = (float)temperature,
            TopP = (float)topP,
            // OpenAI seeds are 64-bit; llama.cpp's are 32-bit: fold the halves together.
            Seed = Long(root, "seed") is { } seed ? (uint)seed ^ (uint)(seed >> 32) : null,
            Stop = ReadStop(Optional(root, "stop")),
            Stream = stream,
            IncludeUsage = includeUsage,
        };
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new OpenAiErrorException(400, $"We could not parse the JSON body of your request: {e.Message}", OpenAiErrors.InvalidRequest, "invalid_json");
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new OpenAiErrorException(400, "the request body must be a JSON object", OpenAiErrors.InvalidRequest, "invalid_json");
        }
        return document;
    }

    private static List<ChatMessage> ReadMessages(JsonElement messages)
    {
        if (messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
            throw OpenAiErrorException.BadParameter("messages", "messages must be a non-empty array");
        var result = new List<ChatMessage>();
        var i = 0;
        foreach (var m in messages.EnumerateArray())
        {
            var at = $"messages[{i++}]";
            if (m.ValueKind != JsonValueKind.Object)
                throw OpenAiErrorException.BadParameter(at, $"{at} must be an object");
            var role = m.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : null;
            role = role switch
            {
                "system" or "developer" => ChatMessage.SystemRole,
                "user" => ChatMessage.UserRole,
                "assistant" => ChatMessage.AssistantRole,
                null => throw OpenAiErrorException.BadParameter(at + ".role", $"{at}.role must be a string"),
                _ => throw OpenAiErrorException.BadParameter(at + ".role", $"role '{role}' is not supported by this server (system, developer, user, assistant)"),
            };
            var content = m.TryGetProperty("content", out var c) ? ReadContent(c, at + ".content") : "";
            result.Add(new ChatMessage(role, content));
        }
        return result;
    }

    private static string ReadContent(JsonElement content, string at)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return content.GetString()!;
            case JsonValueKind.Null:
                return "";
            case JsonValueKind.Array:
                var text = new System.Text.StringBuilder();
                foreach (var part in content.EnumerateArray())
                {
                    if (part.ValueKind != JsonValueKind.Object
                        || !part.TryGetProperty("type", out var type) || type.GetString() is not ("text" or "refusal"))
                        throw OpenAiErrorException.BadParameter(at, "only text content parts are supported by this server");
                    var key = type.GetString()!;
                    if (!part.TryGetProperty(key, out var value) || value.ValueKind != JsonValueKind.String)
                        throw OpenAiErrorException.BadParameter(at, $"a {key} content part needs a string '{key}'");
                    text.Append(value.GetString());
                }
                return text.ToString();
            default:
                throw OpenAiErrorException.BadParameter(at, $"{at} must be a string or an array of content parts");
        }
    }

    private static string ReadPrompt(JsonElement prompt)
    {
        if (prompt.ValueKind == JsonValueKind.String)
            return prompt.GetString()!;
        if (prompt.ValueKind == JsonValueKind.Array && prompt.GetArrayLength() == 1 && prompt[0].ValueKind == JsonValueKind.String)
            return prompt[0].GetString()!;
        throw OpenAiErrorException.BadParameter("prompt", "prompt must be a string (or an array of one string; token arrays and several prompts are not supported)");
    }

    private static List<string> ReadStop(JsonElement? stop)
    {
        switch (stop?.ValueKind)
        {
            case null or JsonValueKind.Null:
                return [];
            case JsonValueKind.String:
                return [stop.Value.GetString()!];
            case JsonValueKind.Array:
                var list = new List<string>();
                foreach (var s in stop.Value.EnumerateArray())
                {
                    if (s.ValueKind != JsonValueKind.String)
                        throw OpenAiErrorException.BadParameter("stop", "stop must be a string or an array of strings");
                    list.Add(s.GetString()!);
                }
                if (list.Count > MaxStopStrings)
                    throw OpenAiErrorException.BadParameter("stop", $"at most {MaxStopStrings} stop strings");
                return list;
            default:
                throw OpenAiErrorException.BadParameter("stop", "stop must be a string or an array of strings");
        }
    }

    private static void RefuseNonEmpty(JsonElement root, string name)
    {
        if (Optional(root, name) is { ValueKind: JsonValueKind.Array } a && a.GetArrayLength() > 0)
            throw OpenAiErrorException.BadParameter(name, $"{name} are not supported by this server");
    }

    private static JsonElement Required(JsonElement root, string name) =>
        Optional(root, name) ?? throw new OpenAiErrorException(400, $"Missing required parameter: '{name}'.", OpenAiErrors.InvalidRequest, "missing_required_parameter", name);

    /// <summary>The property, or null when absent or JSON null.</summary>
    private static JsonElement? Optional(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static bool? Bool(JsonElement root, string name, string? param = null) => Optional(root, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => throw OpenAiErrorException.BadParameter(param ?? name, $"{param ?? name} must be a boolean"),
    };

    private static int? Int(JsonElement root, string name) => Optional(root, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } v when v.TryGetInt32(out var i) => i,
        _ => throw OpenAiErrorException.BadParameter(name, $"{name} must be an integer"),
    };

    private static long? Long(JsonElement root, string name) => Optional(root, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } v when v.TryGetInt64(out var i) => i,
        _ => throw OpenAiErrorException.BadParameter(name, $"{name} must be an integer"),
    };

    private static double? Number(JsonElement root, string name) => Optional(root, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } v => v.GetDouble(),
        _ => throw OpenAiErrorException.BadParameter(name, $"{name} must be a number"),
    };
}
