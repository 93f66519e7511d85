using System.ClientModel;
using LlmDistill.Serving.Tests.Support;
using OpenAI.Chat;

namespace LlmDistill.Serving.Tests.Http;

/// <summary>Loopback by default; an API key from the environment when set; the key never echoed or logged.</summary>
public sealed class SecurityTests
{
    [Fact]
    public async Task Server_binds_to_loopback_unless_told_otherwise()
    {
        Assert.Equal("127.0.0.1", new ServeOptions().Host);
        await using var server = await TestServer.StartAsync(new FakeBackend());

        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
        Assert.NotEqual(0, server.BaseAddress.Port);
        Assert.False(server.RequiresApiKey);
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("")]
    public void Host_must_be_an_address_or_localhost(string host) =>
        Assert.ThrowsAny<ArgumentException>(() => new ServeOptions { Host = host });

    [Fact]
    public async Task Key_is_required_when_its_variable_is_set_and_is_never_echoed_or_logged()
    {
        using var key = ApiKeyVariable.Set();
        var log = new CapturingLogger();
        await using var server = await OpenAiCompatibleServer.StartAsync(
            TestServer.Options() with { ApiKeyEnvironmentVariable = key.Name }, new FakeBackend(), log);
        using var http = TestServer.Http(server);
        var body = """{"messages":[{"role":"user","content":"hi"}],"max_tokens":1}""";
        Assert.True(server.RequiresApiKey);

        using (var none = await http.PostAsync("/v1/chat/completions", Json.Body(body)))
            Assert.Equal("invalid_api_key", (await Json.AssertErrorAsync(none, 401)).GetProperty("code").GetString());

        var almost = key.Value[..^1] + (key.Value[^1] == 'a' ? 'b' : 'a');
        foreach (var (header, value) in new[] { ("Authorization", "Bearer " + almost), ("api-key", almost), ("Authorization", key.Value) })
        {
            using var wrong = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Json.Body(body) };
            wrong.Headers.TryAddWithoutValidation(header, value);
            using var response = await http.SendAsync(wrong);
            var text = await response.Content.ReadAsStringAsync();
            Assert.Equal(401, (int)response.StatusCode);
            Assert.DoesNotContain(almost, text, StringComparison.Ordinal);
        }

        using (var models = await http.GetAsync("/v1/models"))
            Assert.Equal(401, (int)models.StatusCode);

        foreach (var (header, value) in new[] { ("Authorization", "Bearer " + key.Value), ("api-key", key.Value) })
        {
            using var right = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Json.Body(body) };
            right.Headers.TryAddWithoutValidation(header, value);
            using var response = await http.SendAsync(right);
            var text = await response.Content.ReadAsStringAsync();
            Assert.Equal(200, (int)response.StatusCode);
            Assert.DoesNotContain(key.Value, text, StringComparison.Ordinal);
        }

        ChatCompletion viaSdk = await TestServer.Chat(server, key.Value).CompleteChatAsync([new UserChatMessage("hi")]);
        Assert.NotEmpty(viaSdk.Content);
        var denied = await Assert.ThrowsAsync<ClientResultException>(() => TestServer.Chat(server, almost).CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(401, denied.Status);

        Assert.NotEmpty(log.Lines);
        Assert.All(log.Lines, line => Assert.DoesNotContain(key.Value[..^1], line, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("text/plain; note=json")]
    [InlineData(null)]
    public async Task Bodies_that_are_not_declared_json_are_refused_so_that_web_pages_cannot_post_without_a_preflight(string? type)
    {
        var backend = new FakeBackend();
        await using var server = await TestServer.StartAsync(backend);
        using var http = TestServer.Http(server);
        using var content = new ByteArrayContent("""{"messages":[{"role":"user","content":"hi"}]}"""u8.ToArray());
        if (type is not null)
            content.Headers.TryAddWithoutValidation("Content-Type", type);

        using var response = await http.PostAsync("/v1/chat/completions", content);

        Assert.Equal("invalid_content_type", (await Json.AssertErrorAsync(response, 400)).GetProperty("code").GetString());
        Assert.Empty(backend.Requests);
    }

    [Fact]
    public async Task An_unset_or_empty_key_variable_means_no_key()
    {
        var name = "LLM_DISTILL_TEST_EMPTY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "");
        await using var server = await TestServer.StartAsync(new FakeBackend(), TestServer.Options() with { ApiKeyEnvironmentVariable = name });

        Assert.False(server.RequiresApiKey);
        ChatCompletion completion = await TestServer.Chat(server, "anything").CompleteChatAsync([new UserChatMessage("hi")]);
        Assert.NotEmpty(completion.Content);
    }
}
