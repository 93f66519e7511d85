using LlmDistill.Llama.Generation;
using LlmDistill.Llama.Tests.Models;

namespace LlmDistill.Llama.Tests.Generation;

/// <summary>
/// Many sequences in one llama_decode must give each sequence exactly what it gets alone (greedy):
/// batching, sequence ids, KV-cache clean-up and continuous joins must not leak between sequences.
/// </summary>
[Collection(TinyLlamaGroup.Name)]
public sealed class BatchedGenerationTests(TinyLlamaFixture tiny)
{
    private static readonly string[] Prompts =
    [
        "The cat", "Once upon a time", "2+2=", "hello world", "In the beginning there was",
        "a", "Zebras and lions and tigers", "The answer is",
    ];

    [Fact]
    public async Task Random_model_generates_tokens_and_text_matching_the_pieces()
    {
        using var context = tiny.Model.CreateContext(new LlamaContextOptions { ContextSize = 128, Threads = 1 });

        var result = await context.GenerateAsync(new GenerationRequest { Prompt = "The cat", MaxTokens = 12 });

        Assert.InRange(result.Tokens.Count, 1, 12);
        Assert.All(result.TokenIds, t => Assert.InRange(t, 0, tiny.Model.VocabSize - 1));
        Assert.Equal(tiny.Model.Tokenize("The cat", true, true).Length, result.PromptTokenCount);
        var pieces = result.TokenIds.Where(t => !tiny.Model.IsEndOfGeneration(t)).SelectMany(t => tiny.Model.TokenToPiece(t)).ToArray();
        Assert.Equal(System.Text.Encoding.UTF8.GetString(pieces), result.Text);
    }

    [Fact]
    public async Task Eight_sequences_in_one_batch_match_each_decoded_alone()
    {
        var requests = Prompts.Select(p => new GenerationRequest { Prompt = p, MaxTokens = 20 }).ToArray();
        var alone = await Alone(requests);

        using var context = tiny.Model.CreateContext(new LlamaContextOptions { ContextSize = 96, SequenceCount = 8, Threads = 1 });
        var together = await context.GenerateAsync(requests);

        Assert.Equal(8, context.PeakSequences);
        for (var i = 0; i < requests.Length; i++)
            Assert.Equal(alone[i], together[i].TokenIds.ToArray());
        Assert.True(alone.Select(a => string.Join(',', a)).Distinct().Count() > 4, "prompts should lead to different continuations");
    }

    [Fact]
    public async Task More_requests_than_sequences_queue_and_reuse_freed_sequences()
    {
        var requests = Prompts.Select((p, i) => new GenerationRequest { Prompt = p, MaxTokens = 6 + 3 * i }).ToArray();
        var alone = await Alone(requests);

        using var context = tiny.Model.CreateContext(new LlamaContextOptions { ContextSize = 96, SequenceCount = 3, Threads = 1 });
        var together = await context.GenerateAsync(requests);

        Assert.Equal(3, context.PeakSequences);
        for (var i = 0; i < requests.Length; i++)
            Assert.Equal(alone[i], together[i].TokenIds.ToArray());
    }

    [Fact]
    public async Task A_sequence_joining_mid_way_gets_the_same_tokens_as_alone()
    {
        // Long enough that the joiner, submitted after its 8th token, runs alongside it.
        var first = new GenerationRequest { Prompt = "Once upon a time", MaxTokens = 400 };
        var joiner = new GenerationRequest { Prompt = "Zebras and lions and tigers", MaxTokens = 15 };
        var alone = await Alone([first, joiner]);

        using var context = tiny.Model.CreateContext(new LlamaContextOptions { ContextSize = 448, SequenceCount = 4, Threads = 1 });
        var firstTokens = new List<int>();
        Task<GenerationResult>? joined = null;
        await foreach (var token in context.GenerateStreamAsync(first))
        {
            firstTokens.Add(token.TokenId);
            if (firstTokens.Count == 8)
                joined = context.GenerateAsync(joiner);
        }

        Assert.Equal(alone[0], firstTokens);
        Assert.NotNull(joined);
        Assert.Equal(alone[1], (await joined).TokenIds.ToArray());
        Assert.Equal(2, context.PeakSequences);
    }

    [Fact]
    public async Task Small_batches_split_long_prompts_without_changing_the_result()
    {
        var request = new GenerationRequest { PromptTokens = Enumerable.Range(0, 70).Select(i => (i * 7) % 250).ToArray(), MaxTokens = 10 };
        var alone = await Alone([request]);

        using var context = tiny.Model.CreateContext(new LlamaContextOptions { ContextSize = 96, BatchSize = 16, SequenceCount = 2, Threads = 1 });
        var result = await context.GenerateAsync(request);

        Assert.Equal(alone[0], result.TokenIds.ToArray());
    }

    private async Task<int[][]> Alone(IReadOnlyList<GenerationRequest> requests)
    {
        var results = new List<int[]>();
        foreach (var request in requests)
        {
            using var context = tiny.Model.CreateContext(new LlamaContextOptions { ContextSize = 448, Threads = 1 });
            results.Add((await context.GenerateAsync(request)).TokenIds.ToArray());
        }
        return [.. results];
    }
}
