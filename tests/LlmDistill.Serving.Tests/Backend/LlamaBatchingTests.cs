using LlmDistill.Serving.Backend;
using LlmDistill.Serving.Tests.Support;
using OpenAI.Chat;

namespace LlmDistill.Serving.Tests.Backend;

/// <summary>Concurrent requests share the llama.cpp context's batches; a client that leaves frees its sequence.</summary>
[Collection(TinyModelGroup.Name)]
public sealed class LlamaBatchingTests(TinyModels models)
{
    [Theory]
    [InlineData(8)]
    [InlineData(1)] // the control: one sequence at a time, never shared
    public async Task Eight_concurrent_requests_are_all_answered_in_shared_batches(int parallel)
    {
        await using var server = await OpenAiCompatibleServer.StartAsync(TinyModels.Options(models.WithoutTemplate) with { ParallelSequences = parallel });
        var client = TestServer.Chat(server);
        string[] prompts = ["The cat", "Once upon a time", "2+2=", "hello world", "In the beginning", "a", "Zebras and lions", "The answer is"];
        var options = new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 128 };

        ChatCompletion[] answers;
        int peak;
        await using (var probe = new DecodeProbe(Assert.IsType<LlamaCompletionBackend>(server.Backend).Context))
        {
            answers = await Task.WhenAll(prompts.Select(async p => (ChatCompletion)await client.CompleteChatAsync([new UserChatMessage(p)], options)));
            peak = probe.Peak;
        }

        Assert.All(answers, a => Assert.Equal(128, a.Usage.OutputTokenCount));
        var stats = server.Backend.GetStatistics();
        Assert.Equal(8, stats.Started);
        Assert.Equal(8, stats.Completed);
        if (parallel > 1)
            Assert.True(peak > 1, $"at most {peak} sequence(s) in one decode: requests were not batched together");
        else
            Assert.InRange(peak, 0, 1); // the probe may miss a short sequence, but never sees two

        // Batching must not change what a sequence generates.
        ChatCompletion alone = await client.CompleteChatAsync([new UserChatMessage(prompts[1])], options);
        Assert.Equal(alone.Content.Single().Text, answers[1].Content.Single().Text);
    }

    [Fact]
    public async Task A_client_that_disconnects_mid_stream_ends_its_sequence()
    {
        await using var server = await OpenAiCompatibleServer.StartAsync(TinyModels.Options(models.WithoutTemplate) with { ContextSize = 4096, ParallelSequences = 1 });
        using var http = TestServer.Http(server);
        var body = """{"messages":[{"role":"user","content":"go on"}],"max_tokens":4000,"temperature":0,"stream":true}""";

        using (var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Json.Body(body) })
        using (var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(200, (int)response.StatusCode);
            await using var stream = await response.Content.ReadAsStreamAsync();
            Assert.True(await stream.ReadAsync(new byte[64]) > 0);
        }

        Assert.True(await Eventually.TrueAsync(() => server.Backend.GetStatistics().Cancelled == 1, seconds: 10), server.Backend.GetStatistics().ToString());
        Assert.True(server.Backend.GetStatistics().GeneratedTokens < 4000);
    }
}
