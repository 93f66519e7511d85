using System.ClientModel;
using System.ClientModel.Primitives;
using LlmDistill.Serving.Backend;
using OpenAI;
using OpenAI.Chat;

namespace LlmDistill.Serving.Tests.Support;

/// <summary>Starts servers on 127.0.0.1 with a free port and makes clients for them; every client call is time-bounded.</summary>
internal static class TestServer
{
    public const string Model = "fake-model";

    public static Task<OpenAiCompatibleServer> StartAsync(ICompletionBackend backend, ServeOptions? options = null) =>
        OpenAiCompatibleServer.StartAsync(options ?? Options(), backend);

    /// <summary>Options for tests: loopback, free port, no API key unless a test sets one.</summary>
    public static ServeOptions Options() => new() { ModelAlias = Model, ApiKeyEnvironmentVariable = null, ParallelSequences = 8 };

    public static ChatClient Chat(OpenAiCompatibleServer server, string key = "unused", string? model = null) =>
        new(model ?? server.ModelName, new ApiKeyCredential(key), ClientOptions(server));

    public static OpenAIClientOptions ClientOptions(OpenAiCompatibleServer server) => new()
    {
        Endpoint = new Uri(server.BaseUrl + "/v1"),
        // Tests count requests exactly: the SDK must not retry behind their back.
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        NetworkTimeout = TimeSpan.FromSeconds(30),
    };

    public static HttpClient Http(OpenAiCompatibleServer server) => new()
    {
        BaseAddress = server.BaseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };
}
