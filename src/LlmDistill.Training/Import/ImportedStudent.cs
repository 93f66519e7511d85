using LlmDistill.Gguf;
using LlmDistill.Training.Data;
using LlmDistill.Training.Model;

namespace LlmDistill.Training.Import;

/// <summary>A student loaded from a pretrained GGUF: the model (fp32, CPU), its tokenizer and where it came from.</summary>
/// <param name="Architecture">The file's <c>general.architecture</c> (llama or qwen2).</param>
/// <param name="WeightType">The storage type of most of the file's matrices (F32, F16, BF16 or Q8_0), before dequantization.</param>
public sealed record ImportedStudent(StudentModel Model, GgufStudentTokenizer Tokenizer, string Architecture, GgufTensorType WeightType) : IDisposable
{
    public StudentConfig Config => Model.Config;

    public void Dispose() => Model.Dispose();
}
