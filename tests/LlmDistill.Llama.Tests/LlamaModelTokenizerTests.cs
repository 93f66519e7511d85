using System.Text;
using LlmDistill.Tests.Shared;

namespace LlmDistill.Llama.Tests;

/// <summary>llama.cpp's tokenizer, through our binding, against llama.cpp's own test vectors.</summary>
public class LlamaModelTokenizerTests
{
    [Theory]
    [InlineData("ggml-vocab-llama-bpe.gguf")]
    [InlineData("ggml-vocab-llama-spm.gguf")]
    [InlineData("ggml-vocab-gpt-2.gguf")]
    [InlineData("ggml-vocab-qwen2.gguf")]
    public void Tokenize_matches_the_vectors_shipped_with_llama_cpp(string vocab) => CheckVectors(vocab);

    [Theory]
    [Trait("Category", "Slow")]
    [InlineData("ggml-vocab-bert-bge.gguf")]
    [InlineData("ggml-vocab-command-r.gguf")]
    [InlineData("ggml-vocab-deepseek-coder.gguf")]
    [InlineData("ggml-vocab-deepseek-llm.gguf")]
    [InlineData("ggml-vocab-falcon.gguf")]
    [InlineData("ggml-vocab-gemma-4.gguf")]
    [InlineData("ggml-vocab-mpt.gguf")]
    [InlineData("ggml-vocab-phi-3.gguf")]
    [InlineData("ggml-vocab-qwen35.gguf")]
    [InlineData("ggml-vocab-refact.gguf")]
    [InlineData("ggml-vocab-starcoder.gguf")]
    public void Tokenize_matches_the_vectors_of_every_other_vocabulary(string vocab) => CheckVectors(vocab);

    private static void CheckVectors(string vocab)
    {
        using var model = LlamaModel.Load(LlamaCppSource.Path("models", vocab), new LlamaModelOptions { VocabOnly = true });
        var cases = LlamaCppVocabVectors.LoadFile(LlamaCppSource.Path("models", vocab));
        Assert.True(cases.Count > 20);

        foreach (var (text, expected) in cases)
            Assert.True(expected.SequenceEqual(model.Tokenize(text, addSpecial: false, parseSpecial: false)), $"'{text}'");
    }

    [Fact]
    public void Vocab_only_model_reports_its_vocabulary()
    {
        using var model = LoadLlamaBpe();

        Assert.Equal(128256, model.VocabSize);
        Assert.Equal(128000, model.BosToken);
        Assert.True(model.AddsBos);
        Assert.True(model.IsEndOfGeneration(model.EosToken));
        Assert.Equal("llama", model.GetMetadata("general.architecture"));
        Assert.Null(model.GetMetadata("no.such.key"));
    }

    [Fact]
    public void Add_special_prepends_bos_and_parse_special_recognises_control_tokens()
    {
        using var model = LoadLlamaBpe();

        Assert.Equal(model.BosToken, model.Tokenize("Hello", addSpecial: true, parseSpecial: false)[0]);
        Assert.Equal([model.BosToken], model.Tokenize("<|begin_of_text|>", addSpecial: false, parseSpecial: true));
        Assert.True(model.Tokenize("<|begin_of_text|>", addSpecial: false, parseSpecial: false).Length > 1);
    }

    [Fact]
    public void Long_text_grows_the_token_buffer()
    {
        using var model = LoadLlamaBpe();
        var text = string.Concat(Enumerable.Repeat("🦙 ", 5000));

        var tokens = model.Tokenize(text, addSpecial: false, parseSpecial: false);

        Assert.Equal(text, model.Detokenize(tokens));
    }

    [Theory]
    [InlineData("Hello world")]
    [InlineData(" this is 🦙.cpp")]
    [InlineData("нещо на Български, 日本語")] // llama-bpe cleans " ," to "," when detokenizing, as llama.cpp does
    [InlineData("")]
    public void Detokenize_round_trips(string text)
    {
        using var model = LoadLlamaBpe();

        Assert.Equal(text, model.Detokenize(model.Tokenize(text, addSpecial: false, parseSpecial: false)));
    }

    [Fact]
    public void Pieces_concatenate_to_the_utf8_bytes_even_when_a_character_spans_tokens()
    {
        using var model = LoadLlamaBpe();
        const string text = "🦙 llamas 日本語";

        var tokens = model.Tokenize(text, addSpecial: false, parseSpecial: false);
        var bytes = tokens.SelectMany(t => model.TokenToPiece(t)).ToArray();

        Assert.Equal(text, Encoding.UTF8.GetString(bytes));
        Assert.Empty(model.TokenToPiece(model.BosToken));
        Assert.Equal("<|begin_of_text|>", Encoding.UTF8.GetString(model.TokenToPiece(model.BosToken, special: true)));
    }

    [Fact]
    public void Token_ids_outside_the_vocabulary_are_rejected_before_llama_cpp()
    {
        using var model = LoadLlamaBpe();

        Assert.Throws<ArgumentOutOfRangeException>(() => model.Detokenize([1, model.VocabSize]));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.TokenToPiece(-5));
    }

    [Fact]
    public void Chat_template_formats_messages()
    {
        using var model = LoadLlamaBpe();
        LlamaChatMessage[] chat = [new("system", "Be brief."), new("user", "2+2?")];

        var text = model.ApplyChatTemplate(chat, addAssistantPrompt: true, template: "chatml");

        Assert.Equal("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\n2+2?<|im_end|>\n<|im_start|>assistant\n", text);
    }

    [Fact]
    public void Vocab_only_model_cannot_create_a_context()
    {
        using var model = LoadLlamaBpe();

        Assert.Throws<InvalidOperationException>(() => model.CreateContext());
    }

    internal static LlamaModel LoadLlamaBpe() =>
        LlamaModel.Load(LlamaCppSource.Path("models", "ggml-vocab-llama-bpe.gguf"), new LlamaModelOptions { VocabOnly = true });
}
