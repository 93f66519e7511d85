using LlmDistill.Core.Errors;
using LlmDistill.Serving.Tests.Support;

namespace LlmDistill.Serving.Tests;

[Collection(TinyModelGroup.Name)]
public sealed class OpenAiCompatibleServerTests(TinyModels models)
{
    [Fact]
    public async Task A_missing_or_corrupt_model_is_one_clear_error_before_anything_listens()
    {
        var missing = await Assert.ThrowsAsync<InvalidInputException>(() => OpenAiCompatibleServer.StartAsync(TinyModels.Options("/nonexistent/model.gguf")));
        Assert.Contains("model.gguf", missing.Message, StringComparison.Ordinal);

        var corrupt = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(corrupt, "not a gguf");
            await Assert.ThrowsAnyAsync<InvalidInputException>(() => OpenAiCompatibleServer.StartAsync(TinyModels.Options(corrupt)));
        }
        finally
        {
            File.Delete(corrupt);
        }

        await Assert.ThrowsAsync<InvalidInputException>(() => OpenAiCompatibleServer.StartAsync(new ServeOptions()));
    }

    [Fact]
    public async Task An_unsupported_chat_template_option_fails_at_start()
    {
        var options = TinyModels.Options(models.WithoutTemplate) with { ChatTemplate = "no-such-template" };

        await Assert.ThrowsAsync<InvalidInputException>(() => OpenAiCompatibleServer.StartAsync(options));
    }

    [Fact]
    public async Task Stopping_the_server_ends_running_generations_and_closes_the_port()
    {
        var backend = new FakeBackend { TokenDelay = TimeSpan.FromMilliseconds(200) };
        var server = await TestServer.StartAsync(backend);
        using var http = TestServer.Http(server);
        var running = http.PostAsync("/v1/chat/completions", Json.Body("""{"messages":[{"role":"user","content":"hi"}],"max_tokens":100}"""));
        Assert.True(await Eventually.TrueAsync(() => !backend.Requests.IsEmpty));

        await server.DisposeAsync();

        Assert.True(await Eventually.TrueAsync(() => backend.GetStatistics().Cancelled == 1));
        try
        {
            using var response = await running;
            Assert.NotEqual(200, (int)response.StatusCode);
        }
        catch (HttpRequestException)
        {
            // The connection may close before an answer: equally fine.
        }
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/v1/models"));
    }
}
