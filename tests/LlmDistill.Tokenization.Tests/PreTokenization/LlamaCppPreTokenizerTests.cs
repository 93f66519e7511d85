using LlmDistill.Tokenization.PreTokenization;

namespace LlmDistill.Tokenization.Tests.PreTokenization;

public class LlamaCppPreTokenizerTests
{
    [Theory]
    [InlineData(LlamaCppPreTokenizerKind.Qwen2, "in 2024 I'LL pay", new[] { "in", " ", "2", "0", "2", "4", " I", "'LL", " pay" })]
    [InlineData(LlamaCppPreTokenizerKind.Llama3, "in 2024567 I'LL", new[] { "in", " ", "202", "456", "7", " I", "'LL" })]
    [InlineData(LlamaCppPreTokenizerKind.Gpt2, "in 2024 I'LL", new[] { "in", " 2024", " I", "'", "LL" })]
    [InlineData(LlamaCppPreTokenizerKind.Qwen2, "a  \n\n b", new[] { "a", "  \n\n", " b" })]
    [InlineData(LlamaCppPreTokenizerKind.Qwen2, "x𠀀y 𝔘", new[] { "x𠀀y", " 𝔘" })] // astral letters are letters
    [InlineData(LlamaCppPreTokenizerKind.Llama3, "end   ", new[] { "end", "   " })]
    public void Splits_like_llama_cpp(LlamaCppPreTokenizerKind kind, string text, string[] expected)
    {
        var splits = new LlamaCppPreTokenizer(kind).PreTokenize(text).Select(s => text.Substring(s.Offset, s.Length));
        Assert.Equal(expected, splits);
    }

    [Fact]
    public void Pre_tokens_cover_the_text_without_gaps()
    {
        var pre = new LlamaCppPreTokenizer(LlamaCppPreTokenizerKind.Llama3);
        foreach (var text in TestStrings.Generate(500, seed: 3, ["<|eos|>"]))
        {
            var position = 0;
            foreach (var (offset, length) in pre.PreTokenize(text))
            {
                Assert.Equal(position, offset);
                Assert.True(length > 0);
                position += length;
            }
            Assert.Equal(text.Length, position);
        }
    }
}
