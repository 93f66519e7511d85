using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using LlmDistill.Core.Tasks;
using LlmDistill.Storage.IO;

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

    public static Task WriteAsync(string path, IEnumerable<TaskItem> items, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return AtomicFile.WriteAsync(Path.GetFullPath(path), async (stream, ct) =>
        {
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            foreach (var item in items)
            {
                ct.ThrowIfCancellationRequested();
                await writer.WriteLineAsync(Serialize(item));
            }
        }, overwrite: true, cancellationToken);
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
