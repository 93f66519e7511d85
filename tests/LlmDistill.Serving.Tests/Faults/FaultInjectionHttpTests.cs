using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using LlmDistill.Serving.Faults;
using LlmDistill.Serving.Tests.Support;
using OpenAI.Chat;

namespace LlmDistill.Serving.Tests.Faults;

/// <summary>Injected faults look to clients like the real thing, and /debug/faults reports them.</summary>
public sealed class FaultInjectionHttpTests
{
    private const string Body = """{"messages":[{"role":"user","content":"hi"}],"max_tokens":2}""";

    [Fact]
    public async Task Injected_429_has_retry_after_and_the_openai_error_shape()
    {
        await using var server = await StartAsync(new FaultInjection { Probability = 1, Weights = Only(FaultKind.TooManyRequests), RetryAfterSeconds = 3 });
        using var http = TestServer.Http(server);

        using var response = await http.PostAsync("/v1/chat/completions", Json.Body(Body));

        var error = await Json.AssertErrorAsync(response, 429);
        Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
        Assert.Equal(["3"], response.Headers.GetValues("Retry-After"));
    }

    [Fact]
    public async Task The_sdk_sees_injected_5xx_as_errors_and_malformed_bodies_as_unparseable()
    {
        await using var server = await StartAsync(new FaultInjection { Probability = 1, Weights = Only(FaultKind.ServiceUnavailable) });
        var unavailable = await Assert.ThrowsAsync<ClientResultException>(() => TestServer.Chat(server).CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(503, unavailable.Status);

        await using var broken = await StartAsync(new FaultInjection { Probability = 1, Weights = Only(FaultKind.MalformedBody) });
        using var http = TestServer.Http(broken);
        using var response = await http.PostAsync("/v1/chat/completions", Json.Body(Body));
        Assert.Equal(200, (int)response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));
        await Assert.ThrowsAnyAsync<Exception>(() => TestServer.Chat(broken).CompleteChatAsync([new UserChatMessage("hi")]));
    }

    [Fact]
    public async Task Dropped_connections_fail_the_request_and_stalls_answer_late()
    {
        await using var dropping = await StartAsync(new FaultInjection { Probability = 1, Weights = Only(FaultKind.ConnectionDrop) });
        using (var http = TestServer.Http(dropping))
            await Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsync("/v1/chat/completions", Json.Body(Body)));

        await using var stalling = await StartAsync(new FaultInjection { Probability = 1, Weights = Only(FaultKind.Stall), StallSeconds = 0.4 });
        using (var http = TestServer.Http(stalling))
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            using var response = await http.PostAsync("/v1/chat/completions", Json.Body(Body));
            Assert.Equal(200, (int)response.StatusCode);
            Assert.True(started.Elapsed >= TimeSpan.FromSeconds(0.35), $"answered after {started.Elapsed}");
        }

        // A client that gives up during a stall is not answered, and nothing is generated for it.
        var backend = new FakeBackend();
        await using var forever = await TestServer.StartAsync(backend, TestServer.Options() with
        {
            Faults = new FaultInjection { Probability = 1, Weights = Only(FaultKind.Stall), StallSeconds = 600 },
        });
        using (var impatient = new HttpClient { BaseAddress = forever.BaseAddress, Timeout = TimeSpan.FromMilliseconds(300) })
            await Assert.ThrowsAnyAsync<TaskCanceledException>(() => impatient.PostAsync("/v1/chat/completions", Json.Body(Body)));
        Assert.Empty(backend.Requests);
    }

    [Fact]
    public async Task Debug_faults_reports_the_mix_served_and_retry_after_waits_observed()
    {
        var faults = new FaultInjection
        {
            Probability = 0.5,
            Seed = 3,
            Weights = FaultInjection.ParseWeights("429,500,503,malformed"),
            RetryAfterSeconds = 0,
        };
        await using var server = await StartAsync(faults);
        using var http = TestServer.Http(server);

        var statuses = new List<int>();
        for (var i = 0; i < 40; i++)
        {
            // Distinct bodies, so that only true retries (below) count as retries.
            var body = $$"""{"messages":[{"role":"user","content":"question {{i}}"}],"max_tokens":1}""";
            using var response = await http.PostAsync("/v1/chat/completions", Json.Body(body));
            statuses.Add((int)response.StatusCode);
            if ((int)response.StatusCode == 429)
            {
                var wait = response.Headers.RetryAfter?.Delta ?? throw new Xunit.Sdk.XunitException("429 without Retry-After");
                await Task.Delay(wait + TimeSpan.FromMilliseconds(60));
                using var retry = await http.PostAsync("/v1/chat/completions", Json.Body(body));
                statuses.Add((int)retry.StatusCode);
            }
        }

        using var report = await http.GetAsync("/debug/faults");
        var root = await Json.ReadAsync(report);
        var injected = root.GetProperty("injected");
        Assert.True(root.GetProperty("enabled").GetBoolean());
        Assert.Equal(statuses.Count, root.GetProperty("requests").GetInt32());
        Assert.Equal(statuses.Count(s => s == 429), injected.GetProperty("429").GetInt32());
        Assert.Equal(statuses.Count(s => s == 500), injected.GetProperty("500").GetInt32());
        Assert.Equal(statuses.Count(s => s == 503), injected.GetProperty("503").GetInt32());
        Assert.Equal(0, injected.GetProperty("stall").GetInt32());
        Assert.Equal(statuses.Count(s => s != 200) + injected.GetProperty("malformed").GetInt32(), root.GetProperty("total_injected").GetInt32());
        Assert.True(injected.GetProperty("429").GetInt32() > 0, "seed 3 should inject some 429s in 40 requests");
        Assert.Equal(injected.GetProperty("429").GetInt32(), root.GetProperty("retries_after_wait").GetInt32());
        Assert.Equal(0, root.GetProperty("retries_too_early").GetInt32());
        Assert.Equal(server.FaultCounters.TotalInjected, root.GetProperty("total_injected").GetInt64());
    }

    [Fact]
    public async Task The_sdk_retry_policy_honours_an_injected_retry_after()
    {
        await using var server = await StartAsync(new FaultInjection
        {
            Probability = 0.5,
            Seed = 11,
            Weights = Only(FaultKind.TooManyRequests),
            RetryAfterSeconds = 1,
        });
        var options = TestServer.ClientOptions(server);
        options.RetryPolicy = new ClientRetryPolicy(maxRetries: 5);
        var client = new ChatClient(server.ModelName, new ApiKeyCredential("unused"), options);

        for (var i = 0; i < 6 && server.FaultCounters.Injected[FaultKind.TooManyRequests] == 0; i++)
        {
            ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage($"question {i}")]);
            Assert.NotEmpty(completion.Content);
        }

        var counters = server.FaultCounters;
        Assert.True(counters.Injected[FaultKind.TooManyRequests] > 0, "seed 11 should inject a 429 within 6 requests");
        Assert.True(counters.RetriesAfterWait > 0);
        Assert.Equal(0, counters.RetriesTooEarly);
        Assert.True(counters.ShortestRetryDelaySeconds >= 0.95);
    }

    private static Task<OpenAiCompatibleServer> StartAsync(FaultInjection faults) =>
        TestServer.StartAsync(new FakeBackend(), TestServer.Options() with { Faults = faults });

    private static Dictionary<FaultKind, double> Only(FaultKind kind) => new() { [kind] = 1 };
}
