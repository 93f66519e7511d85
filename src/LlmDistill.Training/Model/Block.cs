using static TorchSharp.torch;

namespace LlmDistill.Training.Model;

/// <summary>One pre-norm transformer block: x + attn(attn_norm(x)), then h + ffn(ffn_norm(h)).</summary>
public sealed class Block : nn.Module<Tensor, Tensor>
{
    private readonly RmsNorm attn_norm;
    private readonly Attention attn;
    private readonly RmsNorm ffn_norm;
    private readonly FeedForward ffn;

    public Block(StudentConfig config, string name = "block")
        : base(name)
    {
        attn_norm = new RmsNorm(config.EmbeddingSize, config.RmsNormEps);
        attn = new Attention(config);
        ffn_norm = new RmsNorm(config.EmbeddingSize, config.RmsNormEps);
        ffn = new FeedForward(config);
        RegisterComponents();
    }

    // x: (B, T, C) → (B, T, C)
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = x + attn.forward(attn_norm.forward(x));
        return (h + ffn.forward(ffn_norm.forward(h))).MoveToOuterDisposeScope();
    }
}
