using LlmDistill.Core.Errors;
using LlmDistill.Serving.Backend;

namespace LlmDistill.Serving.Tests.Backend;

public sealed class ScriptedCompletionBackendTests
{
    [Fact]
    public void Splits_text_into_word_sized_tokens_that_concatenate_back()
    {
        const string text = "  Step 1: 12*3=36.\n#### 36 ";

        var tokens = ScriptedCompletionBackend.Split(text);

        Assert.Equal(text, string.Concat(tokens));
        Assert.Equal(["  Step", " 1", ":", " 12", "*", "3", "=", "36", ".", "\n#", "#", "#", "#", " 36", " "], tokens);
    }

    [Fact]
    public async Task Streams_the_response_with_max_tokens_stop_and_an_end_token()
    {
        await using var backend = new ScriptedCompletionBackend(r => r.Prompt.ToUpperInvariant());

        Assert.Equal(["A B C D", "stop"], await Run(backend, new CompletionRequest { Prompt = "a b c d" }));
        Assert.Equal(["A B", "length"], await Run(backend, new CompletionRequest { Prompt = "a b c d", MaxTokens = 2 }));
        Assert.Equal(["A B", "stop"], await Run(backend, new CompletionRequest { Prompt = "a b c d", Stop = [" C", "Z"] }));
        var stats = backend.GetStatistics();
        Assert.Equal(3, stats.Completed);
        Assert.Equal(5 + 2 + 3, stats.GeneratedTokens);
    }

    [Fact]
    public void Refuses_prompts_that_do_not_fit_the_context()
    {
        var backend = new ScriptedCompletionBackend(_ => "", contextSize: 3);

        Assert.Throws<InvalidInputException>(() => backend.Start(new CompletionRequest { Prompt = "a b c" }, default));
        Assert.Throws<InvalidInputException>(() => backend.Start(new CompletionRequest { Prompt = "" }, default));
    }

    private static async Task<string[]> Run(ScriptedCompletionBackend backend, CompletionRequest request)
    {
        var job = backend.Start(request, default);
        var text = "";
        CompletionFinish? finish = null;
        await foreach (var token in job.Tokens)
        {
            Assert.Null(finish);
            text += token.Text;
            finish = token.Finish;
        }
        return [text, finish == CompletionFinish.Stop ? "stop" : "length"];
    }
}
