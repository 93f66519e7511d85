using LlmDistill.Llama;

namespace LlmDistill.Tokenization.Tests;

/// <summary>
/// Token ids from <see cref="GgufTokenizer"/> equal llama.cpp's (<c>llama_tokenize</c> through our binding) on the
/// same GGUF, for thousands of stress strings, with parse-special and add-special on and off.
/// </summary>
public class LlamaCppParityTests(TrainedVocabularyFixture trained) : IClassFixture<TrainedVocabularyFixture>
{
    private const int StringsPerVocabulary = 2000;

    [Theory]
    [InlineData("llama-bpe")]
    [InlineData("qwen2")]
    [InlineData("gpt-2")]
    [InlineData("llama-spm")]
    [InlineData("phi-3")]
    [InlineData("starcoder")]
    [InlineData("command-r")]
    public void Source_tree_vocabularies_match_llama_cpp(string vocab) =>
        AssertParity(LlamaCppVocabVectors.VocabPath(vocab), StringsPerVocabulary, seed: vocab.Length);

    [Fact]
    public void Trained_vocabulary_matches_llama_cpp() => AssertParity(trained.Path, StringsPerVocabulary, seed: 11);

    [Theory]
    [InlineData("llama-bpe")]
    [InlineData("qwen2")]
    [InlineData("gpt-2")]
    [InlineData("llama-spm")]
    [Trait("Category", "Slow")]
    public void Source_tree_vocabularies_match_llama_cpp_on_a_large_sweep(string vocab) =>
        AssertParity(LlamaCppVocabVectors.VocabPath(vocab), 20_000, seed: 1000 + vocab.Length);

    private static void AssertParity(string path, int count, int seed)
    {
        var ours = GgufTokenizer.FromGguf(path);
        using var reference = LlamaModel.Load(path, new LlamaModelOptions { VocabOnly = true });
        Assert.Equal(reference.VocabSize, ours.VocabSize);

        // Special-token spellings of this vocabulary, plus near misses.
        var specials = ours.SpecialTokens.Keys.OrderBy(k => k, StringComparer.Ordinal).Take(40)
            .Concat(["<|eos|>", "<|endoftext|>", "<|end", "|>"]).ToList();
        var strings = TestStrings.Generate(count, seed, specials);

        var mismatches = new List<string>();
        var compared = 0;
        foreach (var text in strings)
        {
            foreach (var (addSpecial, parseSpecial) in new[] { (false, false), (true, true) })
            {
                var expected = reference.Tokenize(text, addSpecial, parseSpecial);
                var actual = ours.Encode(text, addSpecial, parseSpecial);
                compared++;
                if (!expected.AsSpan().SequenceEqual(actual) && mismatches.Count < 10)
                    mismatches.Add($"{Escape(text)} (add {addSpecial}, parse {parseSpecial}): llama.cpp [{string.Join(' ', expected)}], ours [{string.Join(' ', actual)}]");
            }
        }
        Assert.True(mismatches.Count == 0, $"{Path.GetFileName(path)}: mismatches among {compared} encodings:\n" + string.Join('\n', mismatches));
    }

    private static string Escape(string text) =>
        "\"" + string.Concat(text.Select(c => c < 0x20 || c is >= '\u007F' and <= '\u00A0' ? $"\\u{(int)c:X4}" : c.ToString())) + "\"";
}
