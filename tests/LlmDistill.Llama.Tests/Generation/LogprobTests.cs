using LlmDistill.Llama.Generation;
using LlmDistill.Llama.Tests.Models;

namespace LlmDistill.Llama.Tests.Generation;

/// <summary>Log-probabilities computed from llama.cpp's logits (what token-level distillation consumes).</summary>
[Collection(TinyLlamaGroup.Name)]
public sealed class LogprobTests(TinyLlamaFixture tiny) : IDisposable
{
    private readonly LlamaContext _context = tiny.Model.CreateContext(new LlamaContextOptions { ContextSize = 64, Threads = 1 });

    public void Dispose() => _context.Dispose();

    [Fact]
    public async Task Full_distribution_sums_to_one_and_is_sorted_with_the_greedy_choice_first()
    {
        var result = await _context.GenerateAsync(new GenerationRequest { Prompt = "The cat", MaxTokens = 6, TopLogprobs = tiny.Model.VocabSize });

        foreach (var token in result.Tokens)
        {
            Assert.Equal(tiny.Model.VocabSize, token.TopLogprobs.Count);
            Assert.Equal(1.0, token.TopLogprobs.Sum(t => Math.Exp(t.Logprob)), 4);
            Assert.True(token.TopLogprobs.Zip(token.TopLogprobs.Skip(1)).All(p => p.First.Logprob >= p.Second.Logprob));
            Assert.Equal(token.TokenId, token.TopLogprobs[0].TokenId);
            Assert.Equal(token.TopLogprobs[0].Logprob, token.Logprob, 5);
            Assert.Equal(tiny.Model.VocabSize, token.TopLogprobs.Select(t => t.TokenId).Distinct().Count());
        }
    }

    [Fact]
    public async Task Top_k_is_the_head_of_the_full_distribution()
    {
        var request = new GenerationRequest { Prompt = "hello", MaxTokens = 4, TopLogprobs = tiny.Model.VocabSize };
        var full = await _context.GenerateAsync(request);
        var top5 = await _context.GenerateAsync(request with { TopLogprobs = 5 });

        for (var i = 0; i < full.Tokens.Count; i++)
            Assert.Equal(full.Tokens[i].TopLogprobs.Take(5), top5.Tokens[i].TopLogprobs);
        Assert.All(top5.Tokens, t => Assert.Equal(5, t.TopLogprobs.Count));
    }

    [Fact]
    public async Task Evaluated_logits_predict_the_greedy_continuation()
    {
        var prompt = tiny.Model.Tokenize("Once upon", addSpecial: true, parseSpecial: true);
        var generated = await _context.GenerateAsync(new GenerationRequest { PromptTokens = prompt, MaxTokens = 3 });
        var ids = generated.TokenIds.ToArray();

        var logits = await _context.EvaluateLogitsAsync([.. prompt, ids[0], ids[1]]);

        Assert.Equal(prompt.Length + 2, logits.Length);
        Assert.All(logits, row => Assert.Equal(tiny.Model.VocabSize, row.Length));
        for (var k = 0; k < 3; k++)
            Assert.Equal(ids[k], ArgMax(logits[prompt.Length - 1 + k]));
        var row0 = logits[prompt.Length - 1];
        var logSumExp = Math.Log(row0.Sum(x => Math.Exp(x)));
        Assert.Equal(generated.Tokens[0].Logprob, row0[ids[0]] - logSumExp, 4);
    }

    [Fact]
    public async Task Without_top_logprobs_only_the_chosen_token_logprob_is_reported()
    {
        var result = await _context.GenerateAsync(new GenerationRequest { Prompt = "a", MaxTokens = 3 });

        Assert.All(result.Tokens, t =>
        {
            Assert.Empty(t.TopLogprobs);
            Assert.InRange(t.Logprob, float.MinValue, 0f);
        });
    }

    private static int ArgMax(float[] row)
    {
        var best = 0;
        for (var i = 1; i < row.Length; i++)
        {
            if (row[i] > row[best])
                best = i;
        }
        return best;
    }
}
