using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmDistill.Training.Model;

/// <summary>
/// Root-mean-square layer norm (Zhang &amp; Sennrich 2019): x / sqrt(mean(x²) + eps) · weight, no bias,
/// no mean subtraction — llama.cpp's <c>ggml_rms_norm</c> followed by a multiply with <c>*_norm.weight</c>.
/// Computed in fp32 whatever the input dtype, as llama.cpp does.
/// </summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly double _eps;
    private readonly Parameter weight;

    public RmsNorm(long size, double eps, string name = "rms_norm")
        : base(name)
    {
        _eps = eps;
        weight = nn.Parameter(ones(size));
        RegisterComponents();
    }

    public Parameter Weight => weight;

    // x: (..., C) → (..., C)
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var x32 = x.to_type(ScalarType.Float32);
        var normed = x32 * (x32.pow(2).mean([-1], keepdim: true) + _eps).rsqrt();
        return (normed * weight).to_type(x.dtype).MoveToOuterDisposeScope();
    }
}
