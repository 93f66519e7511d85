using System.Globalization;
using LlmDistill.Core.Errors;
using LlmDistill.Gguf;
using LlmDistill.Llama;
using LlmDistill.Llama.Generation;
using LlmDistill.Training.Data;
using LlmDistill.Training.Model;
using static TorchSharp.torch;

namespace LlmDistill.Training.Export;

/// <summary>
/// Proves an export faithful: llama.cpp runs the GGUF on probe prompts and its logits at every position
/// are compared with TorchSharp's forward pass of the same model; for F32, greedy continuations must
/// also be identical. This is the only check that catches a wrong Q/K layout (DESIGN.md, "Student
/// model"): such a file loads and runs, it just computes something else.
/// </summary>
public static class ExportVerifier
{
    private const int MaxPromptLength = 32;

    /// <summary>
    /// Max abs logit difference allowed for a weight type, given the largest |logit| of the reference.
    /// F32 is held to the absolute 1e-3 (with llama.cpp's KV cache in F32 too, only summation
    /// order differs: measured 2e-6 at |logit| ≤ 5, 3e-5 at |logit| ≈ 65). Rounded weights err in
    /// proportion to the logits' scale, so the F16 and Q8_0 bounds are fractions of max(1, |logit|):
    /// 1 % for F16 (measured 0.05–0.07 %), 10 % for Q8_0 (measured 1.3–2.3 %); a wrong Q/K layout
    /// measured ~50 %.
    /// </summary>
    public static double DefaultTolerance(GgufTensorType type, double maxAbsLogit = 1)
    {
        var scale = Math.Max(1, maxAbsLogit);
        return type switch
        {
            GgufTensorType.F32 => 1e-3,
            GgufTensorType.F16 => 1e-2 * scale,
            GgufTensorType.BF16 => 5e-2 * scale,
            GgufTensorType.Q8_0 => 1e-1 * scale,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no tolerance for this type"),
        };
    }

    /// <summary>
    /// Three prompts of 8–32 tokens: two sentences in the student's tokenizer and one of seeded random
    /// ids (which reaches rows of the embedding the sentences do not), each after BOS.
    /// </summary>
    public static IReadOnlyList<int[]> ProbePrompts(IStudentTokenizer tokenizer, int contextLength, int seed = 7)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var length = Math.Min(MaxPromptLength, contextLength);
        var random = new Random(seed);
        int[][] prompts =
        [
            [tokenizer.BosId, .. tokenizer.Encode("Tom has 3 apples and buys 2 boxes of 4 apples. How many apples does he have now?")],
            [tokenizer.BosId, .. tokenizer.Encode("Q: 17 + 25 = ? A: 42 #### 42")],
            [tokenizer.BosId, .. Enumerable.Range(0, length).Select(_ => random.Next(tokenizer.VocabSize))],
        ];
        return [.. prompts.Select(p => p.Take(length).ToArray()).Where(p => p.Length > 0)];
    }

    /// <summary>Like <see cref="CompareAsync"/>, but a comparison outside tolerance is a <see cref="ComputationException"/>.</summary>
    public static async Task<ExportVerification> VerifyAsync(StudentModel model, string ggufPath, GgufTensorType weightType,
        IReadOnlyList<int[]> prompts, VerificationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = await CompareAsync(model, ggufPath, weightType, prompts, options, cancellationToken).ConfigureAwait(false);
        if (result.MaxAbsDifference > result.Tolerance)
            throw new ComputationException(string.Create(CultureInfo.InvariantCulture,
                $"export verification failed: llama.cpp's logits differ from TorchSharp's by up to {result.MaxAbsDifference:G4} (tolerance {result.Tolerance:G3} for {weightType}; logits up to {result.MaxAbsLogit:G4}) in {ggufPath}"));
        if (result.GreedyMismatches.Count > 0)
            throw new ComputationException($"export verification failed: greedy decoding differs between llama.cpp and TorchSharp ({result.GreedyMismatches[0]}) in {ggufPath}");
        return result;
    }

    /// <summary>Runs <paramref name="ggufPath"/> through llama.cpp on <paramref name="prompts"/> and measures the difference to <paramref name="model"/>.</summary>
    public static async Task<ExportVerification> CompareAsync(StudentModel model, string ggufPath, GgufTensorType weightType,
        IReadOnlyList<int[]> prompts, VerificationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prompts);
        if (prompts.Count == 0 || prompts.Any(p => p.Length == 0))
            throw new ArgumentException("verification needs at least one non-empty prompt", nameof(prompts));
        options ??= new VerificationOptions();
        var checkGreedy = options.CheckGreedy ?? weightType == GgufTensorType.F32;

        using var llama = LlamaModel.Load(ggufPath);
        if (llama.VocabSize != model.Config.VocabSize)
            throw new ComputationException($"export verification failed: {ggufPath} has {llama.VocabSize} tokens, the model {model.Config.VocabSize}");
        var contextSize = Math.Max(16, prompts.Max(p => p.Length) + options.GreedyTokens + 1);
        using var context = llama.CreateContext(new LlamaContextOptions { SequenceCount = 1, ContextSize = contextSize, Threads = options.Threads, FullPrecisionKvCache = true });

        double maxDiff = 0, maxLogit = 0;
        var positions = 0;
        var mismatches = new List<string>();
        for (var i = 0; i < prompts.Count; i++)
        {
            var prompt = prompts[i];
            var expected = TorchLogits(model, prompt); // (T, V)
            var actual = await context.EvaluateLogitsAsync(prompt, cancellationToken).ConfigureAwait(false);
            var vocab = model.Config.VocabSize;
            for (var t = 0; t < prompt.Length; t++)
            {
                var row = actual[t];
                for (var v = 0; v < vocab; v++)
                {
                    var e = expected[(t * vocab) + v];
                    maxLogit = Math.Max(maxLogit, Math.Abs(e));
                    // NaN in llama.cpp's output must fail, not compare as "not greater".
                    var d = Math.Abs(row[v] - e);
                    maxDiff = double.IsNaN(d) ? double.PositiveInfinity : Math.Max(maxDiff, d);
                }
            }
            positions += prompt.Length;

            if (checkGreedy)
            {
                var torchTokens = TorchGreedy(model, prompt, options.GreedyTokens, llama.IsEndOfGeneration);
                var generated = await context.GenerateAsync(new GenerationRequest { PromptTokens = prompt, MaxTokens = options.GreedyTokens, Sampling = SamplingOptions.Greedy }, cancellationToken).ConfigureAwait(false);
                var llamaTokens = generated.TokenIds.ToArray();
                // llama.cpp may leave the end-of-generation token out of its list.
                var same = torchTokens.SequenceEqual(llamaTokens)
                           || (torchTokens.Length == llamaTokens.Length + 1 && llama.IsEndOfGeneration(torchTokens[^1]) && torchTokens.Take(llamaTokens.Length).SequenceEqual(llamaTokens));
                if (!same)
                    mismatches.Add($"prompt {i}: TorchSharp [{string.Join(' ', torchTokens)}], llama.cpp [{string.Join(' ', llamaTokens)}]");
            }
        }
        var tolerance = options.Tolerance ?? DefaultTolerance(weightType, maxLogit);
        return new ExportVerification(weightType, maxDiff, tolerance, maxLogit, prompts.Count, positions, checkGreedy, mismatches);
    }

    // tokens (T) → logits (T·V), row-major
    private static float[] TorchLogits(StudentModel model, int[] tokens)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var device = model.parameters().First().device;
        var input = tensor(tokens.Select(t => (long)t).ToArray(), dtype: ScalarType.Int64, device: device).unsqueeze(0); // (1, T)
        var logits = model.forward(input); // (1, T, V)
        return logits[0].to_type(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
    }

    // Greedy continuation by full re-evaluation (no KV cache: a few tokens of a small model).
    private static int[] TorchGreedy(StudentModel model, int[] prompt, int count, Func<int, bool> isEnd)
    {
        var sequence = new List<int>(prompt);
        var generated = new List<int>(count);
        var vocab = model.Config.VocabSize;
        while (generated.Count < count)
        {
            var logits = TorchLogits(model, [.. sequence]);
            var last = logits.AsSpan((sequence.Count - 1) * vocab, vocab);
            var next = 0;
            for (var v = 1; v < vocab; v++)
            {
                if (last[v] > last[next])
                    next = v;
            }
            generated.Add(next);
            sequence.Add(next);
            if (isEnd(next))
                break;
        }
        return [.. generated];
    }
}
