using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmDistill.Training.Model;

/// <summary>
/// SwiGLU MLP (Shazeer 2020): down(silu(gate(x)) ⊙ up(x)), no biases. Fields gate, up, down become
/// <c>blk.N.ffn_gate</c>, <c>ffn_up</c>, <c>ffn_down</c> on export.
/// </summary>
public sealed class FeedForward : nn.Module<Tensor, Tensor>
{
    private readonly Linear gate;
    private readonly Linear up;
    private readonly Linear down;

    public FeedForward(StudentConfig config, string name = "ffn")
        : base(name)
    {
        gate = nn.Linear(config.EmbeddingSize, config.FeedForwardSize, hasBias: false);
        up = nn.Linear(config.EmbeddingSize, config.FeedForwardSize, hasBias: false);
        down = nn.Linear(config.FeedForwardSize, config.EmbeddingSize, hasBias: false);
        RegisterComponents();
    }

    // x: (B, T, C) → (B, T, C), through (B, T, F)
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var hidden = nn.functional.silu(gate.Project(x)) * up.Project(x); // (B, T, F)
        return down.Project(hidden).MoveToOuterDisposeScope();
    }
}
