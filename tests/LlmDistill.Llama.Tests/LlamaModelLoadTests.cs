using LlmDistill.Core.Errors;
using LlmDistill.Llama.Tests.Models;
using LlmDistill.Tests.Shared;

namespace LlmDistill.Llama.Tests;

/// <summary>Loading: bad files become one clear <see cref="InvalidInputException"/>, never a native crash.</summary>
[Collection(TinyLlamaGroup.Name)]
public sealed class LlamaModelLoadTests(TinyLlamaFixture tiny) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("llm-distill-load-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Random_tiny_model_loads_with_its_hyperparameters()
    {
        Assert.Equal(TinyLlamaGguf.Embedding, tiny.Model.EmbeddingSize);
        Assert.Equal(TinyLlamaGguf.Layers, tiny.Model.LayerCount);
        Assert.Equal(TinyLlamaGguf.TrainedContext, tiny.Model.TrainedContextLength);
        Assert.Equal(tiny.Model.VocabSize - 1, tiny.Model.EosToken);
        Assert.NotNull(LlamaRuntime.LibraryDirectory);
    }

    [Fact]
    public void Missing_file_is_invalid_input()
    {
        var e = Assert.ThrowsAny<InvalidInputException>(() => LlamaModel.Load(Path.Combine(_dir, "nope.gguf")));
        Assert.Contains("not found", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_gguf_is_invalid_input()
    {
        var path = Path.Combine(_dir, "text.gguf");
        File.WriteAllText(path, "this is not a model, just some text that is long enough");

        var e = Assert.ThrowsAny<InvalidInputException>(() => LlamaModel.Load(path));
        Assert.Contains("not a GGUF", e.Message);
    }

    [Fact]
    public void Unsupported_version_is_invalid_input()
    {
        var path = Path.Combine(_dir, "v9.gguf");
        var bytes = File.ReadAllBytes(tiny.Path);
        bytes[4] = 9;
        File.WriteAllBytes(path, bytes);

        var e = Assert.ThrowsAny<InvalidInputException>(() => LlamaModel.Load(path));
        Assert.Contains("version 9", e.Message);
    }

    [Theory]
    [InlineData(0.02)]
    [InlineData(0.5)]
    [InlineData(0.999)]
    public void Truncated_model_is_invalid_input(double keep)
    {
        var path = Path.Combine(_dir, "truncated.gguf");
        var bytes = File.ReadAllBytes(tiny.Path);
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * keep)]);

        var e = Assert.ThrowsAny<InvalidInputException>(() => LlamaModel.Load(path));
        Assert.StartsWith(path + ": ", e.Message);
    }

    [Fact]
    public void Truncated_vocabulary_file_is_invalid_input()
    {
        var path = Path.Combine(_dir, "vocab.gguf");
        var bytes = File.ReadAllBytes(LlamaCppSource.Path("models", "ggml-vocab-llama-bpe.gguf"));
        File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);

        Assert.ThrowsAny<InvalidInputException>(() => LlamaModel.Load(path, new LlamaModelOptions { VocabOnly = true }));
    }

    [Fact]
    public void A_well_formed_gguf_that_llama_cpp_rejects_is_invalid_input_with_its_reason()
    {
        var path = Path.Combine(_dir, "no-arch.gguf");
        new LlmDistill.Gguf.GgufWriter().SetString("general.name", "nothing").Write(path);

        var e = Assert.ThrowsAny<InvalidInputException>(() => LlamaModel.Load(path));
        Assert.Contains("llama.cpp could not load", e.Message);
    }

    [Fact]
    public void Options_are_validated_when_built()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LlamaModelOptions { GpuLayerCount = -2 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new LlamaContextOptions { SequenceCount = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new LlamaContextOptions { ContextSize = 4 });
    }
}
