using System.Text.Json;
using LlmDistill.Core.Errors;

namespace LlmDistill.Generation.Tasks;

/// <summary>One record of a task file, whatever its format: field name → text, and the line it came from.</summary>
internal sealed record Row(int Line, IReadOnlyDictionary<string, string?> Fields, List<Dictionary<string, string?>>? Instances)
{
    public string? Get(string field) =>
        Fields.TryGetValue(field, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    public string Require(string field, string path) =>
        Get(field) ?? throw new InvalidInputException(Fields.ContainsKey(field)
            ? $"{path}:{Line}: '{field}' is empty"
            : $"{path}:{Line}: no '{field}' field (fields: {string.Join(", ", Fields.Keys)})");

    public static Row FromJson(JsonDocument doc, int line, string path)
    {
        using (doc)
            return FromElement(doc.RootElement, line, path);
    }

    public static Row FromElement(JsonElement element, int line, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new InvalidInputException($"{path}:{line}: expected a JSON object");
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        List<Dictionary<string, string?>>? instances = null;
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name == "instances" && property.Value.ValueKind == JsonValueKind.Array)
                instances = [.. property.Value.EnumerateArray().Select(i => FromElement(i, line, path).Fields.ToDictionary())];
            fields[property.Name] = Text(property.Value);
        }
        return new Row(line, fields, instances);
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };
}
