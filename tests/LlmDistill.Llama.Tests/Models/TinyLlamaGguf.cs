using LlmDistill.Gguf.Llama;
using LlmDistill.Gguf.Tokenizer;

namespace LlmDistill.Llama.Tests.Models;

/// <summary>
/// A small llama-architecture GGUF with seeded random weights and a byte-level BPE vocabulary, written
/// with the project's own <see cref="LlamaGgufWriter"/> (no weights can be downloaded here). Weights are
/// scaled by 1/√fan-in and the output head by 3/√n_embd so that logits are spread out: greedy choices are
/// then far from ties and must not depend on how a batch is composed.
/// </summary>
internal static class TinyLlamaGguf
{
    public const int Embedding = 64;
    public const int Heads = 4;
    public const int KvHeads = 2;
    public const int FeedForward = 128;
    public const int Layers = 2;
    public const int TrainedContext = 512;

    public static void Write(string path, int seed = 1234)
    {
        var vocab = ByteLevelBpeVocabulary.Create();
        var parameters = new LlamaHyperParameters(
            vocab.Tokens.Length, Embedding, Layers, Heads, KvHeads, FeedForward, contextLength: TrainedContext);
        new LlamaGgufWriter(parameters, name: "tiny-random-llama")
            .SetTokenizer(vocab)
            .FillRandom(seed, Std)
            .Write(path);
    }

    // GGUF shapes are [row length (fan-in), rows].
    private static float Std(LlamaTensorSpec spec) => spec.Name switch
    {
        "token_embd.weight" => 1f,
        "output.weight" => 3f / MathF.Sqrt(Embedding),
        _ => 1f / MathF.Sqrt(spec.Shape[0]),
    };
}
