namespace LlmDistill.Core.Prompts;

/// <summary>The YAML shape of a template file in <c>prompts/</c>; see <see cref="PromptTemplate"/>.</summary>
internal sealed class PromptTemplateFile
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? System { get; set; }
    public string? User { get; set; }
    public string? AnswerMarker { get; set; }
    public List<string>? Variables { get; set; }
    public List<Dictionary<string, string>>? Examples { get; set; }
}
