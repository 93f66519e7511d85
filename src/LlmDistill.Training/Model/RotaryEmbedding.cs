using static TorchSharp.torch;

namespace LlmDistill.Training.Model;

/// <summary>
/// Rotary position embedding (Su et al. 2021) on <b>consecutive pairs</b> (x0,x1), (x2,x3), …: exactly
/// llama.cpp's NORM rope mode, which it uses for <c>general.architecture = llama</c>. Because the
/// rotation already matches llama.cpp, export writes attn_q/attn_k unpermuted (Hugging Face's
/// half-split layout is what needs the Q/K row permutation; we never use it).
/// For pair i of a head of size D at position p: θ = p · base^(−2i/D),
/// (x0, x1) → (x0·cos θ − x1·sin θ, x0·sin θ + x1·cos θ).
/// </summary>
/// <remarks>
/// Has no parameters; the cos/sin tables are a cache outside any dispose scope (not buffers, so they
/// never appear in a checkpoint or an export).
/// </remarks>
public sealed class RotaryEmbedding
{
    private readonly int _headDim;
    private readonly double _theta;
    private Tensor? _cos; // (T, D/2)
    private Tensor? _sin; // (T, D/2)

    public RotaryEmbedding(int headDim, double theta)
    {
        if (headDim % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(headDim), headDim, "rotary embedding needs an even head size");
        _headDim = headDim;
        _theta = theta;
    }

    // x: (B, H, T, D) → (B, H, T, D), rotated by position 0..T-1
    public Tensor Apply(Tensor x)
    {
        var (b, h, t, d) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        var (cos, sin) = Tables(t, x.device);
        using var scope = NewDisposeScope();
        var pairs = x.to_type(ScalarType.Float32).view(b, h, t, d / 2, 2);
        var x0 = pairs.select(-1, 0); // (B, H, T, D/2)
        var x1 = pairs.select(-1, 1);
        var c = cos.narrow(0, 0, t); // (T, D/2), broadcast over B, H
        var s = sin.narrow(0, 0, t);
        var rotated = stack([x0 * c - x1 * s, x0 * s + x1 * c], dim: -1); // (B, H, T, D/2, 2)
        return rotated.view(b, h, t, d).to_type(x.dtype).MoveToOuterDisposeScope();
    }

    private (Tensor Cos, Tensor Sin) Tables(long length, Device device)
    {
        if (_cos is not null && _sin is not null && _cos.shape[0] >= length && _cos.device_type == device.type && _cos.device_index == device.index)
            return (_cos, _sin);
        var size = Math.Max(length, _cos?.shape[0] ?? 0);
        _cos?.Dispose();
        _sin?.Dispose();
        using (var scope = NewDisposeScope())
        {
            // llama.cpp computes θ in fp32 from theta_scale = base^(−2/D): same values to fp32 rounding.
            var inverse = (arange(0, _headDim, 2, dtype: ScalarType.Float64) * (-Math.Log(_theta) / _headDim)).exp(); // (D/2)
            var angles = outer(arange(size, dtype: ScalarType.Float64), inverse); // (T, D/2)
            _cos = angles.cos().to_type(ScalarType.Float32).to(device).DetachFromDisposeScope();
            _sin = angles.sin().to_type(ScalarType.Float32).to(device).DetachFromDisposeScope();
        }
        return (_cos, _sin);
    }
}
