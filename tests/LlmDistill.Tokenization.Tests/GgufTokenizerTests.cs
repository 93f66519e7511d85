using LlmDistill.Core.Errors;
using LlmDistill.Gguf.Tokenizer;

namespace LlmDistill.Tokenization.Tests;

public class GgufTokenizerTests
{
    private static readonly Lazy<GgufTokenizer> Llama3 = new(() => GgufTokenizer.FromGguf(LlamaCppVocabVectors.VocabPath("llama-bpe")));

    [Theory]
    [InlineData("llama-bpe")]
    [InlineData("qwen2")]
    [InlineData("gpt-2")]
    [InlineData("llama-spm")]
    public void Decode_inverts_encode_for_valid_text(string vocab)
    {
        var tokenizer = GgufTokenizer.FromGguf(LlamaCppVocabVectors.VocabPath(vocab));
        foreach (var text in TestStrings.Generate(1000, seed: 5, []))
            Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text, addSpecial: false)));
    }

    [Fact]
    public void Llama3_adds_bos_and_parses_special_tokens_only_when_asked()
    {
        var tokenizer = Llama3.Value;
        Assert.True(tokenizer.AddBos);
        Assert.False(tokenizer.AddEos);
        Assert.Equal(128000, tokenizer.BosId);
        var eot = tokenizer.SpecialTokens["<|eot_id|>"];

        Assert.Equal([128000, 9906, eot], tokenizer.Encode("Hello<|eot_id|>", addSpecial: true, parseSpecial: true));
        var plain = tokenizer.Encode("Hello<|eot_id|>", addSpecial: false, parseSpecial: false);
        Assert.DoesNotContain(eot, plain);
        Assert.Equal("Hello<|eot_id|>", tokenizer.Decode(plain));
        Assert.Equal("Hello", tokenizer.Decode([9906, eot]));
        Assert.Equal("Hello<|eot_id|>", tokenizer.Decode([9906, eot], includeSpecial: true));
    }

    [Fact]
    public void The_Microsoft_ML_tokenizer_parses_special_tokens_and_reports_offsets()
    {
        var tokenizer = Llama3.Value;
        const string text = "Hi there<|eot_id|> 12345";
        Assert.Equal(tokenizer.Encode(text, addSpecial: false, parseSpecial: true), tokenizer.Tokenizer.EncodeToIds(text));

        var tokens = tokenizer.Tokenizer.EncodeToTokens(text, out _);
        Assert.Equal(text, string.Concat(tokens.Select(t => t.Value)));
        Assert.Equal(text.Length, tokens[^1].Offset.End.Value);
        Assert.Equal(text, tokenizer.Tokenizer.Decode(tokenizer.Tokenizer.EncodeToIds(text)));
        Assert.Equal(2, tokenizer.Tokenizer.EncodeToIds(text, maxTokenCount: 2, out _, out var consumed).Count);
        Assert.Equal("Hi there".Length, consumed);
    }

    [Theory]
    [InlineData("llama-bpe")]
    [InlineData("llama-spm")]
    public void Token_offsets_stay_in_order_inside_the_text(string vocab)
    {
        var tokenizer = GgufTokenizer.FromGguf(LlamaCppVocabVectors.VocabPath(vocab));
        foreach (var text in TestStrings.Generate(500, seed: 8, ["<s>", "<|eot_id|>"]))
        {
            var tokens = tokenizer.Tokenizer.EncodeToTokens(text, out _);
            Assert.Equal(tokenizer.Encode(text, addSpecial: false, parseSpecial: true), tokens.Select(t => t.Id));
            var previousEnd = 0;
            foreach (var token in tokens)
            {
                var (start, end) = (token.Offset.Start.Value, token.Offset.End.Value);
                Assert.InRange(start, 0, end);
                Assert.InRange(end, previousEnd, text.Length);
                previousEnd = end;
            }
        }
    }

    [Fact]
    public void An_unsupported_tokenizer_model_is_refused_with_one_clear_line()
    {
        var e = Assert.Throws<InvalidInputException>(() => GgufTokenizer.FromGguf(LlamaCppVocabVectors.VocabPath("bert-bge")));
        Assert.Contains("'bert'", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void An_unsupported_pre_tokenizer_is_named_in_the_error()
    {
        var e = Assert.Throws<InvalidInputException>(() => GgufTokenizer.FromGguf(LlamaCppVocabVectors.VocabPath("deepseek-coder")));
        Assert.Contains("'deepseek-coder'", e.Message);
        Assert.Contains("qwen2", e.Message);
    }

    [Fact]
    public void Metadata_without_merges_is_refused()
    {
        var metadata = new GgufTokenizerMetadata { Model = "gpt2", Pre = "qwen2", Tokens = ["a", "b"], TokenTypes = [1, 1] };
        var e = Assert.Throws<InvalidInputException>(() => GgufTokenizer.FromMetadata(metadata, "x.gguf"));
        Assert.StartsWith("x.gguf: ", e.Message);
        Assert.Contains("merges", e.Message);
    }

    [Fact]
    public void A_missing_file_is_an_invalid_input()
    {
        Assert.Throws<InvalidInputException>(() => GgufTokenizer.FromGguf(Path.Combine(Path.GetTempPath(), "no-such-vocab.gguf")));
    }
}
