using System.Diagnostics;
using LlmDistill.Core.Errors;
using LlmDistill.Gguf.Tokenizer;
using LlmDistill.Tokenization.Training;
using Xunit.Abstractions;

namespace LlmDistill.Tokenization.Tests.Training;

public class BpeTrainerTests(TrainedVocabularyFixture trained, ITestOutputHelper output) : IClassFixture<TrainedVocabularyFixture>
{
    [Fact]
    public void Vocabulary_is_bytes_then_merges_then_control_tokens()
    {
        var m = trained.Metadata;
        Assert.Equal(trained.Options.VocabSize, m.Tokens.Length);
        Assert.Equal("gpt2", m.Model);
        Assert.Equal("qwen2", m.Pre);
        for (var b = 0; b < 256; b++)
            Assert.Equal(ByteLevelEncoding.ByteToChar((byte)b).ToString(), m.Tokens[b]);
        var specials = trained.Options.SpecialTokens;
        var firstSpecial = m.Tokens.Length - specials.Count;
        Assert.Equal(specials, m.Tokens[firstSpecial..]);
        Assert.All(m.TokenTypes[..firstSpecial], t => Assert.Equal((int)GgufTokenType.Normal, t));
        Assert.All(m.TokenTypes[firstSpecial..], t => Assert.Equal((int)GgufTokenType.Control, t));
        Assert.Equal((firstSpecial, firstSpecial + 1, firstSpecial + 2), (m.BosId, m.EosId, m.PadId));
        Assert.Equal(firstSpecial - 256, m.Merges!.Length);
        Assert.Null(m.FindProblem());
    }

    [Fact]
    public void Merges_join_whole_words_but_never_digits()
    {
        var m = trained.Metadata;
        Assert.Contains("Ġapples", m.Tokens); // a frequent word with its leading space became one token
        Assert.DoesNotContain(m.Tokens[..^trained.Options.SpecialTokens.Count], t => t.Length > 1 && t.Any(char.IsAsciiDigit));

        var tokenizer = GgufTokenizer.FromMetadata(m);
        var ids = tokenizer.Encode("Alice has 12 apples", addSpecial: true);
        Assert.Equal(tokenizer.BosId, ids[0]);
        Assert.Equal(["Alice", "Ġhas", "Ġ", "1", "2", "Ġapples"], ids[1..].Select(tokenizer.TokenText));
    }

    [Fact]
    public void Decode_inverts_encode_with_the_trained_vocabulary()
    {
        var tokenizer = GgufTokenizer.FromMetadata(trained.Metadata);
        foreach (var text in TestStrings.Generate(1000, seed: 21, []))
            Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text, addSpecial: true)));
    }

    [Fact]
    public void Training_is_deterministic()
    {
        var corpus = Corpus.Generate(400, seed: 3);
        var options = new BpeTrainerOptions { VocabSize = 600 };
        var a = BpeTrainer.Train(corpus, options);
        var b = BpeTrainer.Train(corpus.AsEnumerable().Reverse(), options);
        Assert.Equal(a.Tokens, b.Tokens);
        Assert.Equal(a.Merges, b.Merges);
    }

    [Fact]
    public void Saved_vocabulary_loads_back_identically()
    {
        var loaded = VocabularyGguf.Load(trained.Path);
        Assert.Equal(trained.Metadata.Tokens, loaded.Metadata.Tokens);
        Assert.Equal(trained.Metadata.Merges, loaded.Metadata.Merges);
        Assert.Equal(trained.Metadata.TokenTypes, loaded.Metadata.TokenTypes);
        Assert.True(loaded.AddBos);
        Assert.Equal(trained.Metadata.BosId, loaded.BosId);
        Assert.Equal(trained.Metadata.EosId, loaded.EosId);
        var text = "[answer] Bob has 7 marbles.<|eos|>";
        Assert.Equal(GgufTokenizer.FromMetadata(trained.Metadata).Encode(text, true, true), loaded.Encode(text, true, true));
        Assert.Equal(loaded.SpecialTokens["[answer]"], loaded.Encode(text, false, parseSpecial: true)[0]);
    }

    [Fact]
    public void A_small_corpus_stops_when_no_pair_repeats()
    {
        var m = BpeTrainer.Train(["ab ab cd"], new BpeTrainerOptions { VocabSize = 5000 });
        Assert.Equal(["a b"], m.Merges!);
        Assert.Equal(256 + 1 + 3, m.Tokens.Length);
    }

    [Fact]
    public void Ties_go_to_the_pair_with_the_smallest_ids()
    {
        // After "a b" every pair occurs once: (Ġ=32, c=99) < (Ġ=32, ab=256) < (Ġc=257, d=100).
        var m = BpeTrainer.Train(["ab ab cd"], new BpeTrainerOptions { VocabSize = 5000, MinPairFrequency = 1 });
        Assert.Equal(["a b", "Ġ c", "Ġ ab", "Ġc d"], m.Merges!);
    }

    [Theory]
    [InlineData(100, "below")]
    [InlineData(0, "below")]
    public void Bad_options_are_refused_with_a_clear_message(int vocabSize, string expected)
    {
        var e = Assert.Throws<InvalidInputException>(() => BpeTrainer.Train(["x"], new BpeTrainerOptions { VocabSize = vocabSize }));
        Assert.Contains(expected, e.Message);
        Assert.Throws<InvalidInputException>(() => BpeTrainer.Train(["x"], new BpeTrainerOptions { Pre = "deepseek-coder" }));
        Assert.Throws<InvalidInputException>(() => BpeTrainer.Train(["x"], new BpeTrainerOptions { EosToken = "<|bos|>" }));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Training_speed_on_a_few_megabytes()
    {
        var corpus = Corpus.LlamaCppText(4_000_000);
        var megabytes = corpus.Sum(t => (long)System.Text.Encoding.UTF8.GetByteCount(t)) / 1e6;
        BpeTrainer.Train(corpus.Take(1000), new BpeTrainerOptions { VocabSize = 300 }); // warm-up (JIT)
        foreach (var vocabSize in new[] { 1024, 8192 })
        {
            var watch = Stopwatch.StartNew();
            var m = BpeTrainer.Train(corpus, new BpeTrainerOptions { VocabSize = vocabSize });
            output.WriteLine($"{megabytes:F1} MB, vocab {vocabSize}: {m.Merges!.Length} merges in {watch.Elapsed.TotalSeconds:F1} s");
        }
    }
}
