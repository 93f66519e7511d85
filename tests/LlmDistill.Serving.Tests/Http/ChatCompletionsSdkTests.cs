using System.ClientModel;
using LlmDistill.Serving.Tests.Support;
using OpenAI.Chat;

namespace LlmDistill.Serving.Tests.Http;

/// <summary>The official OpenAI .NET SDK parses what the server sends: whole, streamed, with logprobs, and errors.</summary>
public sealed class ChatCompletionsSdkTests
{
    private static readonly string Scripted = string.Concat(FakeBackend.Script);

    [Fact]
    public async Task Sdk_chat_completion_round_trips_content_finish_reason_and_usage()
    {
        var backend = new FakeBackend();
        await using var server = await TestServer.StartAsync(backend);

        ChatCompletion completion = await TestServer.Chat(server).CompleteChatAsync(
            [new SystemChatMessage("Be brief."), new UserChatMessage("Say hello")],
            new ChatCompletionOptions { Temperature = 0.5f, TopP = 0.9f, MaxOutputTokenCount = 100 });

        Assert.Equal(Scripted, completion.Content.Single().Text);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(TestServer.Model, completion.Model);
        Assert.StartsWith("chatcmpl-", completion.Id, StringComparison.Ordinal);
        Assert.InRange(completion.CreatedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(FakeBackend.Script.Length + 1, completion.Usage.OutputTokenCount);
        Assert.True(completion.Usage.InputTokenCount > 0);
        Assert.Equal(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount);

        var sent = Assert.Single(backend.Requests);
        Assert.Equal("system: Be brief.\nuser: Say hello\nassistant:", sent.Prompt);
        Assert.Equal(0.5f, sent.Temperature);
        Assert.Equal(0.9f, sent.TopP);
        Assert.Equal(100, sent.MaxTokens);
    }

    [Fact]
    public async Task Max_tokens_ends_with_finish_reason_length()
    {
        await using var server = await TestServer.StartAsync(new FakeBackend());

        ChatCompletion completion = await TestServer.Chat(server).CompleteChatAsync(
            [new UserChatMessage("Say hello")], new ChatCompletionOptions { MaxOutputTokenCount = 3 });

        Assert.Equal("Hello world!", completion.Content.Single().Text);
        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
        Assert.Equal(3, completion.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task Stop_sequences_cut_the_text_and_finish_with_stop()
    {
        var backend = new FakeBackend();
        await using var server = await TestServer.StartAsync(backend);

        ChatCompletion completion = await TestServer.Chat(server).CompleteChatAsync(
            [new UserChatMessage("Say hello")], new ChatCompletionOptions { StopSequences = { " answer", "zzz" } });

        Assert.Equal("Hello world! The", completion.Content.Single().Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal([" answer", "zzz"], Assert.Single(backend.Requests).Stop);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Streaming_through_the_sdk_yields_role_deltas_finish_and_usage(bool withOptions)
    {
        await using var server = await TestServer.StartAsync(new FakeBackend());
        // A fresh options object: OpenAI 2.1.0 leaves stream_options out when an instance already
        // served a non-streaming call, and then (rightly) no usage is streamed.
        var options = withOptions ? new ChatCompletionOptions { MaxOutputTokenCount = 100 } : null;

        var text = new System.Text.StringBuilder();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        ChatMessageRole? role = null;
        var updates = 0;
        await foreach (var update in TestServer.Chat(server).CompleteChatStreamingAsync([new UserChatMessage("Say hello")], options))
        {
            updates++;
            role ??= update.Role;
            foreach (var part in update.ContentUpdate)
                text.Append(part.Text);
            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.Equal(Scripted, text.ToString());
        Assert.Equal(ChatMessageRole.Assistant, role);
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.True(updates > FakeBackend.Script.Length, "one update per token at least");
        // The SDK asks for stream_options.include_usage itself.
        Assert.NotNull(usage);
        Assert.Equal(FakeBackend.Script.Length + 1, usage.OutputTokenCount);
    }

    [Fact]
    public async Task Logprobs_are_parsed_by_the_sdk_sorted_bounded_and_non_positive()
    {
        await using var server = await TestServer.StartAsync(new FakeBackend());
        var options = new ChatCompletionOptions { IncludeLogProbabilities = true, TopLogProbabilityCount = 3 };

        ChatCompletion completion = await TestServer.Chat(server).CompleteChatAsync([new UserChatMessage("Say hello")], options);

        var tokens = completion.ContentTokenLogProbabilities;
        Assert.Equal(FakeBackend.Script, tokens.Select(t => t.Token));
        Assert.Equal(Scripted, string.Concat(tokens.Select(t => System.Text.Encoding.UTF8.GetString(t.Utf8Bytes!.Value.ToArray()))));
        foreach (var token in tokens)
        {
            Assert.True(token.LogProbability <= 0);
            Assert.InRange(token.TopLogProbabilities.Count, 1, 3);
            Assert.Equal(token.TopLogProbabilities.Select(t => t.LogProbability).OrderDescending(), token.TopLogProbabilities.Select(t => t.LogProbability));
            Assert.All(token.TopLogProbabilities, t => Assert.True(t.LogProbability <= 0));
        }

        var streamed = new List<ChatTokenLogProbabilityDetails>();
        await foreach (var update in TestServer.Chat(server).CompleteChatStreamingAsync([new UserChatMessage("Say hello")], options))
            streamed.AddRange(update.ContentTokenLogProbabilities);
        Assert.Equal(tokens.Select(t => (t.Token, t.LogProbability)), streamed.Select(t => (t.Token, t.LogProbability)));
    }

    [Fact]
    public async Task Unknown_model_is_a_404_the_sdk_reports()
    {
        await using var server = await TestServer.StartAsync(new FakeBackend());

        var error = await Assert.ThrowsAsync<ClientResultException>(() =>
            TestServer.Chat(server, model: "gpt-nonexistent").CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(404, error.Status);
        Assert.Contains("gpt-nonexistent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Top_logprobs_above_twenty_is_refused_with_400()
    {
        await using var server = await TestServer.StartAsync(new FakeBackend());
        var options = new ChatCompletionOptions { IncludeLogProbabilities = true, TopLogProbabilityCount = 21 };

        var error = await Assert.ThrowsAsync<ClientResultException>(() => TestServer.Chat(server).CompleteChatAsync([new UserChatMessage("hi")], options));

        Assert.Equal(400, error.Status);
        Assert.Contains("top_logprobs", error.Message, StringComparison.Ordinal);
    }
}
