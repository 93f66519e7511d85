using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using LlmDistill.Core.Tasks;

namespace LlmDistill.Generation.Tasks;

/// <summary>
/// Writes task items as JSONL, atomically. Items with a ground-truth rationale and answer are written
/// in GSM8K's shape (<c>question</c>, <c>answer</c> = rationale + <c>#### answer</c>), which every
/// GSM8K tool reads; others as <c>instruction</c>, <c>input</c>, <c>reference</c>. Both carry
/// <c>id</c> and <c>task</c>, and <see cref="TaskFileReader"/> reads both back unchanged.
/// </summary>
public static class TaskFileWriter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static async Task WriteAsync(string path, IEnumerable<TaskItem> items, CancellationToken cancellationToken = default)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            await using (var writer = new StreamWriter(temp, append: false, new UTF8Encoding(false)))
            {
                foreach (var item in items)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await writer.WriteLineAsync(Serialize(item));
                }
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static string Serialize(TaskItem item) =>
        item is { ReferenceRationale: { } rationale, Reference: { } reference } && item.Input.Length == 0
            ? JsonSerializer.Serialize(new { id = item.Id, task = item.Task, question = item.Instruction, answer = $"{rationale}\n#### {reference}" }, Json)
            : JsonSerializer.Serialize(new
            {
                id = item.Id,
                task = item.Task,
                instruction = item.Instruction,
                input = item.Input,
                reference = item.Reference,
                rationale = item.ReferenceRationale,
            }, Json);
}
