using LlmDistill.Gguf.Llama;
using LlmDistill.Gguf.Tokenizer;

namespace LlmDistill.Serving.Tests.Support;

/// <summary>
/// Two small random-weight llama GGUFs (no weights can be downloaded here), written once per test run:
/// one with a ChatML chat template, one without (a fresh student's usual state).
/// </summary>
public sealed class TinyModels : IDisposable
{
    public const string ChatMlTemplate =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}"
        + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}";

    private readonly string _directory;

    public TinyModels()
    {
        _directory = Directory.CreateTempSubdirectory("llm-distill-serving-tests-").FullName;
        WithTemplate = Path.Combine(_directory, "tiny-chatml.gguf");
        WithoutTemplate = Path.Combine(_directory, "tiny-plain.gguf");
        Write(WithTemplate, ByteLevelBpeVocabulary.Create() with { ChatTemplate = ChatMlTemplate });
        Write(WithoutTemplate, ByteLevelBpeVocabulary.Create());
    }

    public string WithTemplate { get; }

    public string WithoutTemplate { get; }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Options serving <paramref name="path"/> on loopback with 8 parallel sequences of 256 tokens.</summary>
    public static ServeOptions Options(string path) => new()
    {
        ModelPath = path,
        ModelAlias = "tiny-student",
        ApiKeyEnvironmentVariable = null,
        ParallelSequences = 8,
        ContextSize = 256,
        Threads = 1, // llama.cpp threads spin at barriers: on a busy shared CPU one thread is faster
    };

    private static void Write(string path, GgufTokenizerMetadata tokenizer)
    {
        var parameters = new LlamaHyperParameters(
            vocabSize: tokenizer.Tokens.Length, embeddingLength: 64, blockCount: 2, headCount: 4, headCountKv: 2,
            feedForwardLength: 128, contextLength: 512);
        // A wide spread of weights makes logits spread out, so that greedy choices are far from ties.
        // The end token's output row is zero: its logit is 0, far below the largest of the others, so
        // greedy generation runs until max_tokens and finish reasons are predictable.
        var output = new float[parameters.EmbeddingLength * parameters.VocabSize];
        var random = new Random(99);
        for (var i = 0; i < output.Length; i++)
            output[i] = (float)(0.3 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        Array.Clear(output, tokenizer.EosId!.Value * parameters.EmbeddingLength, parameters.EmbeddingLength);
        new LlamaGgufWriter(parameters)
            .SetTokenizer(tokenizer)
            .SetTensor("output.weight", output)
            .FillRandom(seed: 1234, std: 0.3f)
            .Write(path);
    }
}

[CollectionDefinition(Name)]
public sealed class TinyModelGroup : ICollectionFixture<TinyModels>
{
    public const string Name = "tiny models";
}
