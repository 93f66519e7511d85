namespace LlmDistill.Training.Export;

/// <summary>
/// Row order of attn_q/attn_k for llama.cpp's rotary embedding. llama.cpp's NORM mode (used for
/// <c>general.architecture = llama</c>) rotates consecutive pairs (x0,x1),(x2,x3)…; Hugging Face llama
/// rotates halves (x_i, x_{i+D/2}). <see cref="Model.RotaryEmbedding"/> already rotates consecutive
/// pairs, so our students export unpermuted; a half-split model needs <see cref="HalfSplitToPairs"/>.
/// </summary>
public static class RopeLayout
{
    /// <summary>
    /// The HF→GGUF row permutation (llama.cpp's convert_hf_to_gguf <c>permute</c>) of a (heads·D, in)
    /// projection stored row-major: within each head, output row 2i+j takes input row j·D/2 + i.
    /// <paramref name="heads"/> must be n_head for Q and <b>n_head_kv</b> for K — permuting K with
    /// n_head is the classic grouped-query bug.
    /// </summary>
    public static float[] HalfSplitToPairs(ReadOnlySpan<float> weight, int heads, int inFeatures)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(heads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inFeatures, 1);
        var rows = weight.Length / inFeatures;
        if (rows * inFeatures != weight.Length || rows % heads != 0 || rows / heads % 2 != 0)
            throw new ArgumentException($"{weight.Length} values are not {heads} heads of an even size × {inFeatures}", nameof(weight));
        var headDim = rows / heads;
        var half = headDim / 2;
        var result = new float[weight.Length];
        for (var h = 0; h < heads; h++)
        {
            for (var i = 0; i < half; i++)
            {
                for (var j = 0; j < 2; j++)
                {
                    var from = h * headDim + j * half + i;
                    var to = h * headDim + 2 * i + j;
                    weight.Slice(from * inFeatures, inFeatures).CopyTo(result.AsSpan(to * inFeatures, inFeatures));
                }
            }
        }
        return result;
    }
}
