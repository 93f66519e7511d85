using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using LlmDistill.Serving.Tests.Support;
using OpenAI.Chat;

namespace LlmDistill.Serving.Tests.Http;

/// <summary>The real Azure.AI.OpenAI client talks to /openai/deployments/{deployment}/… with an api-key header.</summary>
public sealed class AzureRouteTests
{
    [Fact]
    public async Task Azure_client_round_trips_through_the_deployment_route_with_its_api_key_header()
    {
        using var key = ApiKeyVariable.Set();
        var backend = new FakeBackend();
        await using var server = await TestServer.StartAsync(backend, TestServer.Options() with { ApiKeyEnvironmentVariable = key.Name });

        var client = Azure(server, key.Value).GetChatClient(TestServer.Model);
        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Say hello")], new ChatCompletionOptions { MaxOutputTokenCount = 2 });

        Assert.Equal("Hello world", completion.Content.Single().Text);
        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
        Assert.Equal(2, completion.Usage.OutputTokenCount);

        var streamed = new System.Text.StringBuilder();
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Say hello")]))
        {
            foreach (var part in update.ContentUpdate)
                streamed.Append(part.Text);
        }
        Assert.Equal(string.Concat(FakeBackend.Script), streamed.ToString());
    }

    [Fact]
    public async Task Unknown_deployment_is_a_404_and_a_wrong_key_a_401()
    {
        using var key = ApiKeyVariable.Set();
        await using var server = await TestServer.StartAsync(new FakeBackend(), TestServer.Options() with { ApiKeyEnvironmentVariable = key.Name });

        var missing = await Assert.ThrowsAsync<ClientResultException>(() =>
            Azure(server, key.Value).GetChatClient("other-deployment").CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(404, missing.Status);

        var denied = await Assert.ThrowsAsync<ClientResultException>(() =>
            Azure(server, "wrong-key").GetChatClient(TestServer.Model).CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(401, denied.Status);
    }

    [Fact]
    public async Task Azure_text_completions_route_answers()
    {
        await using var server = await TestServer.StartAsync(new FakeBackend());
        using var http = TestServer.Http(server);

        using var response = await http.PostAsync($"/openai/deployments/{TestServer.Model}/completions?api-version=2024-10-21",
            Json.Body("""{"prompt":"Once","max_tokens":1}"""));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("Hello", (await Json.ReadAsync(response)).GetProperty("choices")[0].GetProperty("text").GetString());
    }

    private static AzureOpenAIClient Azure(OpenAiCompatibleServer server, string key) =>
        new(server.BaseAddress, new ApiKeyCredential(key), new AzureOpenAIClientOptions
        {
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = TimeSpan.FromSeconds(30),
        });
}
