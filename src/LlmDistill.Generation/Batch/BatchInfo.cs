using System.Text.Json;

namespace LlmDistill.Generation.Batch;

/// <summary>What the Batch API says about one batch.</summary>
/// <param name="Id">The batch id (<c>batch_…</c>).</param>
/// <param name="Status">One of <see cref="BatchStatus"/>.</param>
/// <param name="Errors">Batch-level errors (a failed validation), as <c>code: message (line N)</c>.</param>
public sealed record BatchInfo(string Id, string Status, string? InputFileId, string? OutputFileId, string? ErrorFileId,
    IReadOnlyList<string> Errors)
{
    /// <summary>Reads a batch object of the API.</summary>
    public static BatchInfo FromJson(JsonElement batch)
    {
        var errors = new List<string>();
        if (batch.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Object
            && list.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
        {
            foreach (var error in data.EnumerateArray())
            {
                var text = $"{String(error, "code") ?? "error"}: {String(error, "message") ?? "(no message)"}";
                if (error.TryGetProperty("line", out var line) && line.ValueKind == JsonValueKind.Number)
                    text += $" (line {line.GetRawText()})";
                errors.Add(text);
            }
        }
        return new BatchInfo(
            String(batch, "id") ?? throw new JsonException("a batch without an id"),
            String(batch, "status") ?? throw new JsonException("a batch without a status"),
            String(batch, "input_file_id"), String(batch, "output_file_id"), String(batch, "error_file_id"), errors);
    }

    public static BatchInfo FromJson(BinaryData json)
    {
        using var document = JsonDocument.Parse(json);
        return FromJson(document.RootElement);
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
