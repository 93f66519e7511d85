using LlmDistill.Training.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmDistill.Training.Model;

/// <summary>
/// The llama-architecture student: token_embd → blk.0 … blk.N-1 → output_norm → output (or the
/// embedding transposed when tied). Parameter names are llama.cpp's tensor names up to
/// <see cref="LlamaTensorNames.ToGguf"/>'s one rule, so export is a straight mapping.
/// </summary>
public sealed class StudentModel : nn.Module<Tensor, Tensor>
{
    private readonly Embedding token_embd;
    private readonly ModuleList<Block> blk;
    private readonly RmsNorm output_norm;
    private readonly Linear? output;

    /// <summary>
    /// Builds a model with fresh weights from its own generator seeded with <paramref name="seed"/>: the
    /// same seed gives the same weights even while other threads draw from torch's global generator.
    /// </summary>
    public StudentModel(StudentConfig config, long seed = 1337)
        : base("student")
    {
        TorchRuntime.EnsureLoaded();
        Config = config.Validated();
        token_embd = nn.Embedding(config.VocabSize, config.EmbeddingSize);
        blk = nn.ModuleList(Enumerable.Range(0, config.LayerCount).Select(_ => new Block(config)).ToArray());
        output_norm = new RmsNorm(config.EmbeddingSize, config.RmsNormEps);
        output = config.TiedEmbeddings ? null : nn.Linear(config.EmbeddingSize, config.VocabSize, hasBias: false);
        RegisterComponents();
        Initialize(seed);
    }

    public StudentConfig Config { get; }

    /// <summary>
    /// dtype of activations: Float32 (default) or BFloat16 for CUDA mixed precision. Weights, the
    /// optimizer state and the returned logits stay fp32 either way (see <see cref="Precision"/>).
    /// </summary>
    public ScalarType ComputeType { get; set; } = ScalarType.Float32;

    // tokens: (B, T) int64 → logits (B, T, V) fp32
    public override Tensor forward(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var x = token_embd.forward(tokens).to_type(ComputeType); // (B, T, C)
        foreach (var block in blk)
            x = block.forward(x);
        x = output_norm.forward(x);
        var logits = output is null
            ? nn.functional.linear(x, token_embd.weight!.to_type(x.dtype)) // tied: (B, T, C) · (V, C)ᵀ
            : output.Project(x);
        return logits.to_type(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>Trainable parameter count (equals <see cref="StudentConfig.ParameterCount"/>).</summary>
    public long CountParameters() => parameters().Sum(p => p.numel());

    // GPT-2 initialisation: N(0, 0.02) for matrices, residual projections scaled by 1/sqrt(2·n_layer)
    // so the residual stream's variance does not grow with depth; norms start at one.
    private void Initialize(long seed)
    {
        using var noGrad = no_grad();
        using var generator = new Generator((ulong)seed);
        using var scope = NewDisposeScope();
        var residualStd = 0.02 / Math.Sqrt(2.0 * Config.LayerCount);
        foreach (var (name, parameter) in named_parameters())
        {
            if (name.EndsWith("norm.weight", StringComparison.Ordinal))
                continue;
            if (name.EndsWith(".bias", StringComparison.Ordinal))
            {
                parameter.zero_();
                continue;
            }
            var std = name.EndsWith("attn.output.weight", StringComparison.Ordinal) || name.EndsWith("ffn.down.weight", StringComparison.Ordinal)
                ? residualStd
                : 0.02;
            // randn, not nn.init.normal_: TorchSharp 0.107's init.normal_ ignores its generator argument.
            parameter.copy_(randn(parameter.shape, generator: generator) * std);
        }
    }
}
