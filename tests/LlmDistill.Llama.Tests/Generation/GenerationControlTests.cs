using LlmDistill.Core.Errors;
using LlmDistill.Llama.Generation;
using LlmDistill.Llama.Tests.Models;

namespace LlmDistill.Llama.Tests.Generation;

/// <summary>Stop strings, token limits, cancellation, sampling and the context's lifetime.</summary>
[Collection(TinyLlamaGroup.Name)]
public sealed class GenerationControlTests(TinyLlamaFixture tiny) : IDisposable
{
    private readonly LlamaContext _context = tiny.Model.CreateContext(new LlamaContextOptions { ContextSize = 128, SequenceCount = 2, Threads = 1 });

    public void Dispose() => _context.Dispose();

    [Fact]
    public async Task Stop_string_spanning_two_tokens_ends_generation_before_it()
    {
        var full = await _context.GenerateAsync(new GenerationRequest { Prompt = "Once upon a time", MaxTokens = 30 });
        // A stop made of the last character released with one token and the first released with the next.
        var released = full.Tokens.Select(t => t.Text).ToArray();
        var j = Enumerable.Range(5, released.Length - 6).First(i => released[i].Length > 0 && released[i + 1].Length > 0);
        var boundary = string.Concat(released[..(j + 1)]).Length;
        var stop = full.Text.Substring(boundary - 1, 2);

        var stopped = await _context.GenerateAsync(new GenerationRequest { Prompt = "Once upon a time", MaxTokens = 30, StopStrings = [stop] });

        Assert.Equal(FinishReason.Stop, stopped.FinishReason);
        Assert.Equal(full.Text[..full.Text.IndexOf(stop, StringComparison.Ordinal)], stopped.Text);
        Assert.DoesNotContain(stop, stopped.Text, StringComparison.Ordinal);
        Assert.Equal(full.TokenIds.Take(stopped.Tokens.Count), stopped.TokenIds);
    }

    [Fact]
    public async Task Max_tokens_limits_generation()
    {
        var full = await _context.GenerateAsync(new GenerationRequest { Prompt = "The cat", MaxTokens = 20 });
        Assert.True(full.Tokens.Count > 5);

        var limited = await _context.GenerateAsync(new GenerationRequest { Prompt = "The cat", MaxTokens = 5 });

        Assert.Equal(5, limited.Tokens.Count);
        Assert.Equal(FinishReason.Length, limited.FinishReason);
        Assert.Equal(full.TokenIds.Take(5), limited.TokenIds);
        Assert.Null(limited.Tokens[3].FinishReason);
    }

    [Fact]
    public async Task A_full_context_ends_the_sequence()
    {
        using var small = tiny.Model.CreateContext(new LlamaContextOptions { ContextSize = 16, Threads = 1 });
        var prompt = Enumerable.Range(10, small.SequenceContextSize - 5).ToArray();

        var result = await small.GenerateAsync(new GenerationRequest { PromptTokens = prompt, MaxTokens = 1000 });

        // Five positions are left; the token sampled when the last is filled is returned but never decoded.
        Assert.Equal(FinishReason.ContextFull, result.FinishReason);
        Assert.Equal(small.SequenceContextSize + 1, prompt.Length + result.Tokens.Count);
    }

    [Fact]
    public async Task Cancelling_a_stream_stops_it_and_frees_its_sequence()
    {
        // One sequence and a request that would run for thousands of tokens: only freeing it lets the next one in.
        using var one = tiny.Model.CreateContext(new LlamaContextOptions { ContextSize = 8192, Threads = 1 });
        using var cts = new CancellationTokenSource();
        var seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in one.GenerateStreamAsync(new GenerationRequest { Prompt = "a", MaxTokens = 8000 }, cts.Token))
            {
                if (++seen == 3)
                    await cts.CancelAsync();
            }
        });
        var after = await one.GenerateAsync(new GenerationRequest { Prompt = "b", MaxTokens = 3 });

        Assert.Equal(3, seen);
        Assert.Equal(3, after.Tokens.Count);
        Assert.InRange(one.GeneratedTokenCount, 6, 1000); // left alone, "a" runs ~3000 tokens to its end-of-sequence
    }

    [Fact]
    public async Task Breaking_out_of_a_stream_frees_its_sequence()
    {
        using var one = tiny.Model.CreateContext(new LlamaContextOptions { ContextSize = 8192, Threads = 1 });
        await foreach (var _ in one.GenerateStreamAsync(new GenerationRequest { Prompt = "a", MaxTokens = 8000 }))
            break;

        var next = await one.GenerateAsync(new GenerationRequest { Prompt = "b", MaxTokens = 3 });

        Assert.Equal(3, next.Tokens.Count);
        Assert.InRange(one.GeneratedTokenCount, 4, 1000);
    }

    [Fact]
    public async Task Already_cancelled_token_throws_without_generating()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _context.GenerateAsync(new GenerationRequest { Prompt = "a" }, cts.Token));
    }

    [Fact]
    public async Task Seeded_sampling_repeats_and_different_seeds_differ()
    {
        GenerationRequest Request(uint seed) => new()
        {
            Prompt = "The answer is",
            MaxTokens = 16,
            Sampling = new SamplingOptions { Temperature = 1.5f, TopK = 50, TopP = 0.95f, Seed = seed },
        };

        var a = await _context.GenerateAsync(Request(42));
        var b = await _context.GenerateAsync(Request(42));
        var others = await _context.GenerateAsync([Request(1), Request(2), Request(3)]);

        Assert.Equal(a.TokenIds, b.TokenIds);
        Assert.Contains(others, o => !o.TokenIds.SequenceEqual(a.TokenIds));
    }

    [Fact]
    public async Task Prompt_that_does_not_fit_the_context_is_invalid_input()
    {
        var tooLong = new GenerationRequest { PromptTokens = new int[_context.SequenceContextSize], MaxTokens = 4 };

        await Assert.ThrowsAsync<InvalidInputException>(() => _context.GenerateAsync(tooLong));
        await Assert.ThrowsAsync<InvalidInputException>(() => _context.GenerateAsync(new GenerationRequest { PromptTokens = [tiny.Model.VocabSize] }));
        await Assert.ThrowsAsync<InvalidInputException>(() => _context.GenerateAsync(new GenerationRequest { Prompt = "" }));
    }

    [Fact]
    public async Task Disposing_a_context_ends_running_generations_with_ObjectDisposedException()
    {
        var context = tiny.Model.CreateContext(new LlamaContextOptions { ContextSize = 512, Threads = 1 });
        var running = context.GenerateAsync(new GenerationRequest { Prompt = "a", MaxTokens = 500 });

        context.Dispose();

        var e = await Record.ExceptionAsync(() => running);
        Assert.True(e is null or ObjectDisposedException, $"unexpected {e}");
        Assert.Throws<ObjectDisposedException>(() => context.GenerateStreamAsync(new GenerationRequest { Prompt = "a" }).GetAsyncEnumerator().MoveNextAsync().AsTask().GetAwaiter().GetResult());
    }
}
