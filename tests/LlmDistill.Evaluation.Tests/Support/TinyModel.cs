using LlmDistill.Gguf.Llama;
using LlmDistill.Gguf.Tokenizer;

namespace LlmDistill.Evaluation.Tests.Support;

/// <summary>
/// A random-weight tiny llama GGUF written once per test run with the project's own writer (no weights can be
/// downloaded here). Weights are scaled by 1/√fan-in and the output head by 3/√n_embd so that logits are spread
/// and greedy choices are far from ties: batched and one-at-a-time decoding must then agree token for token.
/// </summary>
public sealed class TinyModel : IDisposable
{
    public const int Embedding = 64;
    private readonly TempDirectory _directory = new();

    public TinyModel()
    {
        Path = _directory.Combine("tiny-random-llama.gguf");
        var vocab = ByteLevelBpeVocabulary.Create();
        var parameters = new LlamaHyperParameters(vocab.Tokens.Length, Embedding, 2, 4, 2, 128, contextLength: 512);
        new LlamaGgufWriter(parameters, name: "tiny-random-llama")
            .SetTokenizer(vocab)
            .FillRandom(1234, spec => spec.Name switch
            {
                "token_embd.weight" => 1f,
                "output.weight" => 3f / MathF.Sqrt(Embedding),
                _ => 1f / MathF.Sqrt(spec.Shape[0]),
            })
            .Write(Path);
    }

    public string Path { get; }

    public void Dispose() => _directory.Dispose();
}

[CollectionDefinition(Name)]
public sealed class TinyModelGroup : ICollectionFixture<TinyModel>
{
    public const string Name = "tiny random llama";
}
