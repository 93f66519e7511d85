using LlmDistill.Core.Errors;
using LlmDistill.Tokenization.PreTokenization;

namespace LlmDistill.Tokenization.Training;

/// <summary>
/// What <see cref="BpeTrainer"/> builds; the trainer calls <see cref="Validate"/> before it starts.
/// </summary>
public sealed record BpeTrainerOptions
{
    /// <summary>Target vocabulary size: 256 byte tokens + merges + special tokens (smaller when the corpus runs out of pairs that occur <see cref="MinPairFrequency"/> times).</summary>
    public int VocabSize { get; init; } = 4096;

    /// <summary>
    /// <c>tokenizer.ggml.pre</c> written into the vocabulary. The default, <c>qwen2</c>, splits digits one by one
    /// (<c>\p{N}</c>), keeps words with their leading space, and has no "ignore merges" rule.
    /// </summary>
    public string Pre { get; init; } = LlamaCppPreTypes.Qwen2;

    /// <summary>A pair must occur at least this often (weighted by word counts) to be merged.</summary>
    public int MinPairFrequency { get; init; } = 2;

    public string BosToken { get; init; } = "<|bos|>";

    public string EosToken { get; init; } = "<|eos|>";

    public string PadToken { get; init; } = "<|pad|>";

    /// <summary>More control tokens after bos/eos/pad, e.g. task prefixes such as <c>[answer]</c>.</summary>
    public IReadOnlyList<string> ExtraSpecialTokens { get; init; } = [];

    /// <summary>Written as <c>tokenizer.ggml.add_bos_token</c>.</summary>
    public bool AddBos { get; init; } = true;

    /// <summary>Written as <c>tokenizer.ggml.add_eos_token</c>.</summary>
    public bool AddEos { get; init; }

    /// <summary>Special tokens in id order: bos, eos, pad, then the extras.</summary>
    public IReadOnlyList<string> SpecialTokens => [BosToken, EosToken, PadToken, .. ExtraSpecialTokens];

    /// <summary>Throws an <see cref="InvalidInputException"/> naming the first bad option.</summary>
    public BpeTrainerOptions Validate()
    {
        if (!LlamaCppPreTypes.TryGet(Pre ?? "", out _))
            throw new InvalidInputException($"BPE training: pre-tokenizer '{Pre}' is not supported; use one of {string.Join(", ", LlamaCppPreTypes.Names)}");
        var specials = SpecialTokens;
        if (specials.Any(string.IsNullOrEmpty))
            throw new InvalidInputException("BPE training: special tokens must not be empty");
        if (specials.Distinct(StringComparer.Ordinal).Count() != specials.Count)
            throw new InvalidInputException("BPE training: special tokens must be distinct");
        var minimum = 256 + specials.Count;
        if (VocabSize < minimum)
            throw new InvalidInputException($"BPE training: vocabulary size {VocabSize} is below {minimum} (256 bytes + {specials.Count} special tokens)");
        if (MinPairFrequency < 1)
            throw new InvalidInputException($"BPE training: minimum pair frequency {MinPairFrequency} must be at least 1");
        return this;
    }
}
