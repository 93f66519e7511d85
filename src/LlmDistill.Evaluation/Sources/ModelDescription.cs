using LlmDistill.Gguf;

namespace LlmDistill.Evaluation.Sources;

/// <summary>What model answered: a GGUF file (size and parameters from its header) or a named endpoint.</summary>
/// <param name="Name">The GGUF's <c>general.name</c>, else its file name; or an endpoint's model name (never a URL with a key).</param>
/// <param name="Path">The GGUF's full path; null for an HTTP model.</param>
/// <param name="FileBytes">Size of the GGUF file.</param>
/// <param name="Parameters">Elements in all tensors of the GGUF.</param>
/// <param name="Architecture"><c>general.architecture</c>, e.g. <c>llama</c>.</param>
/// <param name="TensorType">The type holding most of the weights (<c>F32</c>, <c>F16</c>, <c>Q8_0</c>, …).</param>
public sealed record ModelDescription(
    string Name,
    string? Path = null,
    long? FileBytes = null,
    long? Parameters = null,
    string? Architecture = null,
    string? TensorType = null)
{
    /// <summary>Reads a GGUF's header (not its weights).</summary>
    /// <exception cref="Core.Errors.InvalidInputException">The file is missing or not a valid GGUF.</exception>
    public static ModelDescription FromGguf(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var file = GgufFile.Read(path);
        var name = file.GetStringOrDefault(GgufKeys.Name);
        var dominant = file.Tensors
            .GroupBy(t => t.Type)
            .Select(g => (Type: g.Key, Elements: g.Sum(t => t.ElementCount)))
            .OrderByDescending(g => g.Elements)
            .Select(g => g.Type.ToString())
            .FirstOrDefault();
        return new ModelDescription(
            string.IsNullOrWhiteSpace(name) ? System.IO.Path.GetFileNameWithoutExtension(path) : name,
            System.IO.Path.GetFullPath(path),
            file.FileLength,
            file.Tensors.Sum(t => t.ElementCount),
            file.GetStringOrDefault(GgufKeys.Architecture),
            dominant);
    }
}
