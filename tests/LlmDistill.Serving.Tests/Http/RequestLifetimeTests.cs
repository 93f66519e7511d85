using LlmDistill.Serving.Tests.Support;

namespace LlmDistill.Serving.Tests.Http;

/// <summary>A client that hangs up cancels its generation; a full queue answers 503 with Retry-After.</summary>
public sealed class RequestLifetimeTests
{
    private const string StreamBody = """{"messages":[{"role":"user","content":"hi"}],"stream":true}""";

    [Fact]
    public async Task Client_disconnect_mid_stream_cancels_the_generation()
    {
        var backend = new FakeBackend { TokenDelay = TimeSpan.FromMilliseconds(300) };
        await using var server = await TestServer.StartAsync(backend);
        using var http = TestServer.Http(server);

        using (var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Json.Body(StreamBody) })
        using (var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(200, (int)response.StatusCode);
            await using var stream = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[16];
            Assert.True(await stream.ReadAsync(buffer) > 0);
        }

        Assert.True(await Eventually.TrueAsync(() => backend.GetStatistics().Cancelled == 1), "the backend should see the sequence cancelled");
        Assert.Equal(0, backend.GetStatistics().Completed);
    }

    [Fact]
    public async Task Requests_beyond_the_queue_limit_get_503_with_retry_after()
    {
        var backend = new FakeBackend { TokenDelay = TimeSpan.FromMilliseconds(500) };
        var options = TestServer.Options() with { ParallelSequences = 1, MaxQueuedRequests = 0 };
        await using var server = await TestServer.StartAsync(backend, options);
        using var http = TestServer.Http(server);

        using var first = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Json.Body(StreamBody) };
        using var open = await http.SendAsync(first, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)open.StatusCode);

        using var second = await http.PostAsync("/v1/chat/completions", Json.Body("""{"messages":[{"role":"user","content":"hi"}]}"""));

        await Json.AssertErrorAsync(second, 503);
        Assert.Equal(TimeSpan.FromSeconds(1), second.Headers.RetryAfter?.Delta);
    }
}
