using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmDistill.Training.Model;

/// <summary>
/// Hand-written autocast (TorchSharp 0.107 has no <c>torch.autocast</c>): weights stay fp32 (the
/// optimizer's master copy), activations flow in the model's compute dtype, and each projection casts
/// its weight to the activation's dtype, so gradients reach the fp32 weights through the cast.
/// </summary>
internal static class Precision
{
    // x: (..., in) → (..., out)
    public static Tensor Project(this Linear layer, Tensor x) =>
        x.dtype == layer.weight!.dtype ? layer.forward(x) : nn.functional.linear(x, layer.weight.to_type(x.dtype), layer.bias?.to_type(x.dtype));
}
