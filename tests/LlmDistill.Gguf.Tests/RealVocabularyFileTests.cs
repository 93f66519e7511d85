using LlmDistill.Gguf.Tokenizer;
using LlmDistill.Tests.Shared;

namespace LlmDistill.Gguf.Tests;

/// <summary>The vocabulary-only GGUF files shipped with llama.cpp, written by its own Python converter.</summary>
public class RealVocabularyFileTests
{
    public static TheoryData<string> VocabFiles()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(LlamaCppSource.Path("models"), "ggml-vocab-*.gguf").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(path));
        return data;
    }

    [Theory]
    [MemberData(nameof(VocabFiles))]
    public void Reads_every_llama_cpp_vocabulary_and_its_tokenizer(string name)
    {
        var file = GgufFile.Read(LlamaCppSource.Path("models", name));

        Assert.InRange(file.Version, 2u, 3u); // aquila was converted with GGUF v2
        Assert.False(string.IsNullOrEmpty(file.GetString(GgufKeys.Architecture)));
        var tokenizer = GgufTokenizerMetadata.ReadFrom(file);
        Assert.True(tokenizer.Tokens.Length > 1000, $"{tokenizer.Tokens.Length} tokens");
        Assert.Equal(tokenizer.Tokens.Length, tokenizer.TokenTypes.Length);
        Assert.Contains(tokenizer.Model, new[] { "llama", "gpt2", "bert", "t5", "gemma4" });
    }

    [Theory]
    [MemberData(nameof(VocabFiles))]
    public void Rewriting_a_llama_cpp_vocabulary_reproduces_its_metadata_and_tensors(string name)
    {
        using var dir = new TempDirectory();
        var original = GgufFile.Read(LlamaCppSource.Path("models", name));

        GgufWriter.CopyOf(original).Write(dir.File(name));
        var copy = GgufFile.Read(dir.File(name));

        Assert.Equal(original.Metadata.Keys, copy.Metadata.Keys);
        foreach (var (key, value) in original.Metadata)
            Assert.True(value.Equals(copy.Metadata[key]), $"metadata '{key}' differs");
        Assert.Equal(original.Tensors.Select(t => t.ToString()), copy.Tensors.Select(t => t.ToString()));
        foreach (var t in original.Tensors)
            Assert.Equal(original.ReadTensorBytes(t.Name), copy.ReadTensorBytes(t.Name));
        if (original.Version == 3)
        {
            // Byte for byte, except that we (like gguf.cpp) pad the end to the alignment and gguf-py did not.
            var before = File.ReadAllBytes(LlamaCppSource.Path("models", name));
            var after = File.ReadAllBytes(dir.File(name));
            Assert.True(before.AsSpan().SequenceEqual(after.AsSpan(0, before.Length)), "re-written bytes differ");
            Assert.True(after.Length - before.Length < 32 && after.AsSpan(before.Length).IndexOfAnyExcept((byte)0) < 0);
        }
    }

    [Fact]
    public void Llama_bpe_vocabulary_has_the_known_llama_3_values()
    {
        var file = GgufFile.Read(LlamaCppSource.Path("models", "ggml-vocab-llama-bpe.gguf"));
        var tokenizer = GgufTokenizerMetadata.ReadFrom(file);

        Assert.Equal("llama", file.GetString(GgufKeys.Architecture));
        Assert.Equal("gpt2", tokenizer.Model);
        Assert.Equal("llama-bpe", tokenizer.Pre);
        Assert.Equal(128256, tokenizer.Tokens.Length);
        Assert.Equal("<|begin_of_text|>", tokenizer.Tokens[tokenizer.BosId!.Value]);
        Assert.Equal("Ġ", tokenizer.Tokens[220]); // GPT-2 byte-level spelling of a space
        Assert.Equal("Ġ Ġ", tokenizer.Merges![0]);
    }
}
