using System.Text;
using System.Text.Json;
using LlmDistill.Serving.Tests.Support;
using OpenAI.Chat;

namespace LlmDistill.Serving.Tests.Backend;

/// <summary>
/// End to end against llama.cpp: a random-weight GGUF served over real HTTP, driven by the official SDK.
/// Greedy decoding (temperature 0) makes every answer reproducible.
/// </summary>
[Collection(TinyModelGroup.Name)]
public sealed class LlamaServingTests(TinyModels models) : IAsyncLifetime
{
    // A new options object per call: the SDK mutates the one it is given (see ChatCompletionsSdkTests).
    private static ChatCompletionOptions Greedy => new() { Temperature = 0, MaxOutputTokenCount = 24 };
    private OpenAiCompatibleServer _server = null!;

    public async Task InitializeAsync() => _server = await OpenAiCompatibleServer.StartAsync(TinyModels.Options(models.WithTemplate));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Sdk_chat_round_trip_whole_and_streamed_give_the_same_greedy_text()
    {
        var client = TestServer.Chat(_server);
        ChatMessage[] chat = [new SystemChatMessage("You are terse."), new UserChatMessage("The cat sat on")];

        ChatCompletion whole = await client.CompleteChatAsync(chat, Greedy);
        var streamed = new StringBuilder();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;
        await foreach (var update in client.CompleteChatStreamingAsync(chat, Greedy))
        {
            foreach (var part in update.ContentUpdate)
                streamed.Append(part.Text);
            usage ??= update.Usage;
            finish ??= update.FinishReason;
        }

        Assert.Equal("tiny-student", whole.Model);
        Assert.False(string.IsNullOrEmpty(whole.Content.Single().Text));
        Assert.Equal(whole.Content.Single().Text, streamed.ToString());
        Assert.Equal(whole.FinishReason, finish);
        // The prompt went through the GGUF's ChatML template.
        var backend = Assert.IsType<Serving.Backend.LlamaCompletionBackend>(_server.Backend);
        var templated = "<|im_start|>system\nYou are terse.<|im_end|>\n<|im_start|>user\nThe cat sat on<|im_end|>\n<|im_start|>assistant\n";
        Assert.Equal(backend.Model.Tokenize(templated, addSpecial: true, parseSpecial: true).Length, whole.Usage.InputTokenCount);
        Assert.Equal(whole.Usage.InputTokenCount, usage?.InputTokenCount);
        Assert.Equal(whole.Usage.OutputTokenCount, usage?.OutputTokenCount);
    }

    [Fact]
    public async Task Max_tokens_is_honoured_with_finish_reason_length()
    {
        ChatCompletion completion = await TestServer.Chat(_server).CompleteChatAsync(
            [new UserChatMessage("Once upon a time")], new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 5 });

        // The test models never choose their end token greedily (TinyModels), so only max_tokens ends this.
        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
        Assert.Equal(5, completion.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task Logprobs_are_well_formed_and_consistent_with_greedy_choices()
    {
        var options = new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 16, IncludeLogProbabilities = true, TopLogProbabilityCount = 5 };

        ChatCompletion completion = await TestServer.Chat(_server).CompleteChatAsync([new UserChatMessage("hello world")], options);

        var tokens = completion.ContentTokenLogProbabilities;
        Assert.NotEmpty(tokens);
        foreach (var token in tokens)
        {
            Assert.True(token.LogProbability <= 0, $"logprob {token.LogProbability}");
            Assert.Equal(5, token.TopLogProbabilities.Count);
            var tops = token.TopLogProbabilities.Select(t => t.LogProbability).ToArray();
            Assert.Equal(tops.OrderDescending(), tops);
            Assert.All(tops, l => Assert.True(l <= 0));
            // Greedy picks the most likely token.
            Assert.Equal(token.TopLogProbabilities[0].Token, token.Token);
            Assert.Equal(token.TopLogProbabilities[0].LogProbability, token.LogProbability, 1e-5f);
        }
        var bytes = tokens.SelectMany(t => t.Utf8Bytes!.Value.ToArray()).ToArray();
        Assert.Equal(completion.Content.Single().Text, Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public async Task Stop_strings_cut_the_greedy_text()
    {
        var client = TestServer.Chat(_server);
        ChatCompletion free = await client.CompleteChatAsync([new UserChatMessage("abc")], Greedy);
        var text = free.Content.Single().Text;
        Assert.True(text.Length >= 6, $"need some text to cut: '{text}'");
        var stop = text.Substring(3, 2);

        ChatCompletion cut = await client.CompleteChatAsync([new UserChatMessage("abc")], new ChatCompletionOptions
        {
            Temperature = 0,
            MaxOutputTokenCount = 24,
            StopSequences = { stop },
        });

        Assert.Equal(text[..text.IndexOf(stop, StringComparison.Ordinal)], cut.Content.Count == 0 ? "" : cut.Content.Single().Text);
        Assert.Equal(ChatFinishReason.Stop, cut.FinishReason);
    }

    [Fact]
    public async Task Text_completions_whole_and_streamed_agree_and_carry_legacy_logprobs()
    {
        using var http = TestServer.Http(_server);
        const string request = """{"model":"tiny-student","prompt":"In the beginning","max_tokens":12,"temperature":0,"logprobs":3""";

        using var whole = await http.PostAsync("/v1/completions", Json.Body(request + "}"));
        using var streamed = await http.PostAsync("/v1/completions", Json.Body(request + ""","stream":true}"""));

        var root = await Json.ReadAsync(whole);
        var choice = root.GetProperty("choices")[0];
        var text = choice.GetProperty("text").GetString()!;
        var logprobs = choice.GetProperty("logprobs");
        Assert.Equal(logprobs.GetProperty("tokens").GetArrayLength(), logprobs.GetProperty("token_logprobs").GetArrayLength());
        Assert.All(logprobs.GetProperty("top_logprobs").EnumerateArray(), t => Assert.InRange(t.EnumerateObject().Count(), 1, 3));
        Assert.Equal("In the beginning".Length, logprobs.GetProperty("text_offset")[0].GetInt32());
        var events = await Json.ReadEventsAsync(streamed);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement.GetProperty("choices")[0]).ToList();
        Assert.Equal(text, string.Concat(chunks.Select(c => c.GetProperty("text").GetString())));
        Assert.Equal(choice.GetProperty("finish_reason").GetString(), chunks[^1].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_sample()
    {
        var client = TestServer.Chat(_server);
#pragma warning disable OPENAI001 // Seed is marked experimental in the SDK.
        var options = new ChatCompletionOptions { Temperature = 1, MaxOutputTokenCount = 16, Seed = 42 };
#pragma warning restore OPENAI001

        ChatCompletion first = await client.CompleteChatAsync([new UserChatMessage("Tell me")], options);
        ChatCompletion second = await client.CompleteChatAsync([new UserChatMessage("Tell me")], options);

        Assert.Equal(first.Content.Single().Text, second.Content.Single().Text);
    }
}
