using System.Text.Json;
using LlmDistill.Serving.Tests.Support;

namespace LlmDistill.Serving.Tests.Http;

/// <summary>/v1/completions (no client in the OpenAI 2.x SDK), /v1/models and OpenAI-shaped errors, over raw HTTP.</summary>
public sealed class CompletionsHttpTests
{
    private static readonly string Scripted = string.Concat(FakeBackend.Script);

    [Fact]
    public async Task Text_completion_has_openai_shape_with_legacy_logprobs()
    {
        await using var server = await TestServer.StartAsync(new FakeBackend());
        using var http = TestServer.Http(server);

        using var response = await http.PostAsync("/v1/completions", Json.Body("""{"model":"fake-model","prompt":"Once","max_tokens":4,"logprobs":2,"stop":null}"""));

        Assert.Equal(200, (int)response.StatusCode);
        var root = await Json.ReadAsync(response);
        Assert.Equal("text_completion", root.GetProperty("object").GetString());
        Assert.StartsWith("cmpl-", root.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("fake-model", root.GetProperty("model").GetString());
        var choice = root.GetProperty("choices")[0];
        Assert.Equal(0, choice.GetProperty("index").GetInt32());
        Assert.Equal("Hello world! The", choice.GetProperty("text").GetString());
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        var logprobs = choice.GetProperty("logprobs");
        Assert.Equal(["Hello", " world", "!", " The"], logprobs.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()));
        Assert.All(logprobs.GetProperty("token_logprobs").EnumerateArray(), l => Assert.True(l.GetSingle() <= 0));
        Assert.All(logprobs.GetProperty("top_logprobs").EnumerateArray(), t => Assert.Equal(2, t.EnumerateObject().Count()));
        Assert.Equal([4, 9, 15, 16], logprobs.GetProperty("text_offset").EnumerateArray().Select(o => o.GetInt32()));
        var usage = root.GetProperty("usage");
        Assert.Equal(4, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + 4, usage.GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task Legacy_completions_default_to_sixteen_tokens_and_accept_a_one_element_prompt_array()
    {
        var backend = new FakeBackend();
        await using var server = await TestServer.StartAsync(backend);
        using var http = TestServer.Http(server);

        using var response = await http.PostAsync("/v1/completions", Json.Body("""{"model":"fake-model","prompt":["Once"]}"""));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(16, Assert.Single(backend.Requests).MaxTokens);
        Assert.Equal("Once", backend.Requests.Single().Prompt);
    }

    [Fact]
    public async Task Streamed_text_completion_sends_chunks_usage_and_done()
    {
        await using var server = await TestServer.StartAsync(new FakeBackend());
        using var http = TestServer.Http(server);

        using var response = await http.PostAsync("/v1/completions",
            Json.Body("""{"model":"fake-model","prompt":"Once","max_tokens":50,"stream":true,"stream_options":{"include_usage":true}}"""));

        var events = await Json.ReadEventsAsync(response);
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("text_completion", c.GetProperty("object").GetString()));
        var withChoices = chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0).ToList();
        Assert.Equal(Scripted, string.Concat(withChoices.Select(c => c.GetProperty("choices")[0].GetProperty("text").GetString())));
        Assert.Equal("stop", withChoices[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.All(withChoices, c => Assert.Equal(JsonValueKind.Null, c.GetProperty("usage").ValueKind));
        var last = chunks[^1];
        Assert.Equal(0, last.GetProperty("choices").GetArrayLength());
        Assert.Equal(FakeBackend.Script.Length + 1, last.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Streamed_chat_begins_with_the_role_and_ends_with_an_empty_delta_and_done()
    {
        await using var server = await TestServer.StartAsync(new FakeBackend());
        using var http = TestServer.Http(server);

        using var response = await http.PostAsync("/v1/chat/completions",
            Json.Body("""{"model":"fake-model","messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}],"stream":true}"""));

        var events = await Json.ReadEventsAsync(response);
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        var final = chunks[^1].GetProperty("choices")[0];
        Assert.Equal("stop", final.GetProperty("finish_reason").GetString());
        Assert.Empty(final.GetProperty("delta").EnumerateObject());
        Assert.False(chunks[^1].TryGetProperty("usage", out _), "no usage unless asked for");
    }

    [Theory]
    [InlineData("/v1/chat/completions", "{\"model\": \"fake-model\", \"messages\": [", "invalid_json")]
    [InlineData("/v1/chat/completions", "[1, 2]", "invalid_json")]
    [InlineData("/v1/chat/completions", "{\"model\": \"fake-model\"}", "missing_required_parameter")]
    [InlineData("/v1/chat/completions", "{\"model\": \"fake-model\", \"messages\": []}", "invalid_value")]
    [InlineData("/v1/chat/completions", "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"n\": 2}", "invalid_value")]
    [InlineData("/v1/chat/completions", "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"temperature\": \"hot\"}", "invalid_value")]
    [InlineData("/v1/chat/completions", "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"top_logprobs\": 2}", "invalid_value")]
    [InlineData("/v1/chat/completions", "{\"messages\": [{\"role\": \"tool\", \"content\": \"hi\"}]}", "invalid_value")]
    [InlineData("/v1/completions", "{\"prompt\": \"hi\", \"echo\": true}", "invalid_value")]
    [InlineData("/v1/completions", "{\"prompt\": [\"a\", \"b\"]}", "invalid_value")]
    [InlineData("/v1/completions", "{\"prompt\": \"hi\", \"max_tokens\": 0}", "invalid_value")]
    [InlineData("/v1/completions", "{\"prompt\": \"hi\", \"stream_options\": {\"include_usage\": true}}", "invalid_value")]
    public async Task Bad_request_bodies_get_400_in_openai_error_shape(string path, string body, string code)
    {
        var backend = new FakeBackend();
        await using var server = await TestServer.StartAsync(backend);
        using var http = TestServer.Http(server);

        using var response = await http.PostAsync(path, Json.Body(body));

        var error = await Json.AssertErrorAsync(response, 400);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Empty(backend.Requests);
    }

    [Fact]
    public async Task A_prompt_longer_than_the_context_is_a_400()
    {
        await using var server = await TestServer.StartAsync(new FakeBackend { ContextSize = 32 });
        using var http = TestServer.Http(server);

        using var response = await http.PostAsync("/v1/completions", Json.Body($"{{\"prompt\": \"{string.Concat(Enumerable.Repeat("word ", 40))}\"}}"));

        var error = await Json.AssertErrorAsync(response, 400);
        Assert.Equal("context_length_exceeded", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Unknown_routes_and_methods_get_openai_shaped_errors()
    {
        await using var server = await TestServer.StartAsync(new FakeBackend());
        using var http = TestServer.Http(server);

        using (var response = await http.GetAsync("/v1/embeddings"))
            await Json.AssertErrorAsync(response, 404);
        using (var response = await http.GetAsync("/v1/chat/completions"))
            await Json.AssertErrorAsync(response, 405);
        using (var response = await http.GetAsync("/debug/faults"))
            await Json.AssertErrorAsync(response, 404); // only while fault injection is on
    }

    [Fact]
    public async Task Models_lists_the_served_model()
    {
        await using var server = await TestServer.StartAsync(new FakeBackend());
        using var http = TestServer.Http(server);

        using var list = await http.GetAsync("/v1/models");
        var root = await Json.ReadAsync(list);
        Assert.Equal("list", root.GetProperty("object").GetString());
        var model = Assert.Single(root.GetProperty("data").EnumerateArray());
        Assert.Equal("fake-model", model.GetProperty("id").GetString());
        Assert.Equal("model", model.GetProperty("object").GetString());

        using var one = await http.GetAsync("/v1/models/fake-model");
        Assert.Equal(200, (int)one.StatusCode);
        using var missing = await http.GetAsync("/v1/models/other");
        Assert.Equal("model_not_found", (await Json.AssertErrorAsync(missing, 404)).GetProperty("code").GetString());
    }
}
