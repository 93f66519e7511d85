using System.Text.RegularExpressions;

namespace LlmDistill.Training.Model;

/// <summary>
/// Maps <see cref="StudentModel"/> parameter names to llama.cpp's GGUF tensor names. Module fields are
/// named after llama.cpp's tensors, so the only rule is that a block's attention and MLP submodules
/// flatten: <c>blk.3.attn.q.weight</c> → <c>blk.3.attn_q.weight</c>, <c>blk.3.ffn.down.weight</c> →
/// <c>blk.3.ffn_down.weight</c> (biases likewise: <c>blk.3.attn.q.bias</c> → <c>blk.3.attn_q.bias</c>); every other name (token_embd, blk.N.attn_norm, output_norm, output) is unchanged.
/// </summary>
public static partial class LlamaTensorNames
{
    public static string ToGguf(string parameterName) => Nested().Replace(parameterName, "blk.$1.$2_$3.$4");

    /// <summary>Inverse of <see cref="ToGguf"/>, for loading GGUF weights into a model.</summary>
    public static string FromGguf(string tensorName) => Flat().Replace(tensorName, "blk.$1.$2.$3.$4");

    [GeneratedRegex(@"^blk\.(\d+)\.(attn|ffn)\.(q|k|v|output|gate|up|down)\.(weight|bias)$")]
    private static partial Regex Nested();

    [GeneratedRegex(@"^blk\.(\d+)\.(attn|ffn)_(q|k|v|output|gate|up|down)\.(weight|bias)$")]
    private static partial Regex Flat();
}
