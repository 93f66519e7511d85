using LlmDistill.Core.Errors;
using Parquet;
using Parquet.Schema;

namespace LlmDistill.Storage.Parquet;

/// <summary>What <c>llm-distill inspect</c> shows of a Parquet file: its columns, rows and row groups.</summary>
public sealed record ParquetSummary(
    string Path,
    long FileBytes,
    long Rows,
    int RowGroups,
    IReadOnlyList<ParquetColumn> Columns,
    IReadOnlyDictionary<string, string> Metadata,
    string? CreatedBy)
{
    public static async Task<ParquetSummary> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
            throw new InvalidInputException($"{path}: file not found");
        try
        {
            await using var stream = file.OpenRead();
            await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken);
            long rows = 0;
            for (var i = 0; i < reader.RowGroupCount; i++)
            {
                using var group = reader.OpenRowGroupReader(i);
                rows += group.RowCount;
            }
            var columns = reader.Schema.Fields.Select(Describe).ToList();
            return new ParquetSummary(path, file.Length, rows, reader.RowGroupCount, columns,
                reader.CustomMetadata ?? new Dictionary<string, string>(), reader.Metadata?.CreatedBy);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException
                                      or InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            throw new InvalidInputException($"{path}: not a readable Parquet file ({FirstLine(e.Message)})", e);
        }
    }

    private static ParquetColumn Describe(Field field) => new(field.Name, TypeName(field), IsNullable(field));

    private static string TypeName(Field field) => field switch
    {
        DataField d => d.IsArray ? $"list<{ClrName(d.ClrType)}>" : ClrName(d.ClrType),
        ListField l => $"list<{TypeName(l.Item)}>",
        MapField m => $"map<{TypeName(m.Key)}, {TypeName(m.Value)}>",
        StructField s => $"struct<{string.Join(", ", s.Fields.Select(f => $"{f.Name}: {TypeName(f)}"))}>",
        _ => field.SchemaType.ToString().ToLowerInvariant(),
    };

    private static bool IsNullable(Field field) => field is DataField { IsNullable: true } or ListField or StructField;

    private static string ClrName(Type type) => type == typeof(ReadOnlyMemory<char>) ? "string"
        : type == typeof(ReadOnlyMemory<byte>) ? "binary"
        : type.Name switch
    {
        "String" => "string",
        "Int32" => "int32",
        "Int64" => "int64",
        "Single" => "float",
        "Double" => "double",
        "Boolean" => "bool",
        "Byte[]" => "binary",
        "DateTime" => "timestamp",
        var other => other.ToLowerInvariant(),
    };

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
