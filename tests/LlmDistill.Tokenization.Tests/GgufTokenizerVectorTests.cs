namespace LlmDistill.Tokenization.Tests;

public class GgufTokenizerVectorTests
{
    [Theory]
    [InlineData("llama-bpe")]
    [InlineData("qwen2")]
    [InlineData("gpt-2")]
    [InlineData("mpt")]
    [InlineData("llama-spm")]
    [InlineData("phi-3")]
    [InlineData("starcoder")]
    [InlineData("refact")]
    [InlineData("command-r")]
    public void Matches_llama_cpp_test_vectors(string vocab)
    {
        var tokenizer = GgufTokenizer.FromGguf(LlamaCppVocabVectors.VocabPath(vocab));
        var vectors = LlamaCppVocabVectors.Load(vocab);
        Assert.True(vectors.Count > 30, $"only {vectors.Count} vectors");

        var mismatches = vectors
            .Where(v => !tokenizer.Encode(v.Input, addSpecial: false, parseSpecial: false).SequenceEqual(v.Expected))
            .Select(v => $"'{v.Input}': expected [{string.Join(' ', v.Expected)}], got [{string.Join(' ', tokenizer.Encode(v.Input, false, false))}]")
            .ToList();
        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
    }
}
