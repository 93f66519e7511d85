using LlmDistill.Gguf.Tokenizer;

namespace LlmDistill.Gguf.Tests.Tokenizer;

public class TokenizerTests
{
    [Fact]
    public void Byte_level_table_matches_GPT_2()
    {
        Assert.Equal(256, ByteLevelEncoding.Table.Distinct().Count());
        Assert.Equal('Ġ', ByteLevelEncoding.ByteToChar((byte)' '));   // U+0120
        Assert.Equal('Ċ', ByteLevelEncoding.ByteToChar((byte)'\n'));  // U+010A
        Assert.Equal('Ā', ByteLevelEncoding.ByteToChar(0));           // U+0100
        Assert.Equal('A', ByteLevelEncoding.ByteToChar((byte)'A'));
        Assert.Equal('Ń', ByteLevelEncoding.ByteToChar(0xAD));        // U+0143, the last of the 68 remapped bytes
        Assert.Equal("ĠhÃ©llo", ByteLevelEncoding.EncodeText(" héllo"));
        Assert.Equal(" héllo"u8.ToArray(), ByteLevelEncoding.Decode("ĠhÃ©llo"));
        Assert.False(ByteLevelEncoding.TryDecode("<|bos|>☃", out _));
    }

    [Fact]
    public void Byte_level_table_agrees_with_llama_cpp_vocabulary_for_gpt_2()
    {
        // In GPT-2's vocabulary the first 256 ids are exactly the byte tokens, in the table's code-point order.
        var file = GgufFile.Read(LlmDistill.Tests.Shared.LlamaCppSource.Path("models", "ggml-vocab-gpt-2.gguf"));
        var tokens = file.GetStringArray(GgufKeys.TokenizerTokens);
        var expected = ByteLevelEncoding.Table.Select(c => c.ToString()).Order(StringComparer.Ordinal);

        Assert.Equal(expected, tokens[..256].Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Tiny_vocabulary_has_bytes_merges_and_control_tokens()
    {
        var vocab = ByteLevelBpeVocabulary.Create();

        Assert.Null(vocab.FindProblem());
        Assert.Equal("gpt2", vocab.Model);
        Assert.Equal("Ġ", vocab.Tokens[32]);
        Assert.Equal("Ġt", vocab.Tokens[256]);
        Assert.Equal("<|bos|>", vocab.Tokens[vocab.BosId!.Value]);
        Assert.Equal((int)GgufTokenType.Control, vocab.TokenTypes[vocab.EosId!.Value]);
        Assert.All(vocab.Merges!, m => Assert.Contains(m.Replace(" ", "", StringComparison.Ordinal), vocab.Tokens));
        Assert.Throws<ArgumentException>(() => ByteLevelBpeVocabulary.Create(["x y z"]));
    }

    [Fact]
    public void Tokenizer_metadata_round_trips_with_llama_cpp_key_types()
    {
        var original = ByteLevelBpeVocabulary.Create() with
        {
            Scores = Enumerable.Range(0, 268).Select(i => -i / 10f).ToArray(),
            PadId = 1,
            UnknownId = 2,
            AddBos = true,
            ChatTemplate = "{{ messages }}",
        };
        using var stream = new MemoryStream();
        var writer = new GgufWriter();
        original.WriteTo(writer);
        writer.Write(stream);

        var file = GgufFile.Read(new MemoryStream(stream.ToArray()), "t.gguf");
        var read = GgufTokenizerMetadata.ReadFrom(file);

        Assert.Equal(GgufValueType.UInt32, file.Metadata[GgufKeys.TokenizerBosId].Type);
        Assert.Equal(GgufValueType.Int32, file.Metadata[GgufKeys.TokenizerTokenTypes].ElementType);
        Assert.Equal(original.Tokens, read.Tokens);
        Assert.Equal(original.TokenTypes, read.TokenTypes);
        Assert.Equal(original.Scores, read.Scores);
        Assert.Equal(original.Merges, read.Merges);
        Assert.Equal(original with { Tokens = read.Tokens, TokenTypes = read.TokenTypes, Scores = read.Scores, Merges = read.Merges }, read);
    }

    [Fact]
    public void Inconsistent_tokenizer_metadata_is_refused_when_written_and_read()
    {
        var bad = ByteLevelBpeVocabulary.Create() with { BosId = 9999 };
        Assert.Contains("bos token id 9999", Assert.Throws<ArgumentException>(() => bad.WriteTo(new GgufWriter())).Message);

        using var stream = new MemoryStream();
        new GgufWriter().SetString(GgufKeys.TokenizerModel, "gpt2").SetStringArray(GgufKeys.TokenizerTokens, ["a"])
            .SetInt32Array(GgufKeys.TokenizerTokenTypes, [1, 1]).Write(stream);
        var file = GgufFile.Read(new MemoryStream(stream.ToArray()), "t.gguf");
        Assert.Equal("t.gguf: invalid tokenizer metadata: 2 token types for 1 tokens",
            Assert.Throws<GgufFormatException>(() => GgufTokenizerMetadata.ReadFrom(file)).Message);
    }
}
