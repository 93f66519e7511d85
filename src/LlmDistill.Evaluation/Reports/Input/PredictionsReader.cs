using LlmDistill.Core.Errors;
using Parquet;
using Parquet.Schema;

namespace LlmDistill.Evaluation.Reports.Input;

/// <summary>
/// Reads predictions.parquet column by column, by name, whatever integer or float width the evaluator chose;
/// a missing optional column reads as nulls. Corrupt bytes become one line naming the file.
/// </summary>
internal static class PredictionsReader
{
    public static async Task<IReadOnlyList<ScoredAnswer>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = File.OpenRead(path);
            await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken);
            var fields = reader.Schema.Fields.OfType<DataField>().ToDictionary(f => f.Name, StringComparer.Ordinal);
            if (!fields.ContainsKey("correct"))
                throw new InvalidInputException($"{path}: no 'correct' column; is this an eval predictions file?");
            var rows = new List<ScoredAnswer>();
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var n = checked((int)group.RowCount);
                var instruction = await Strings(group, fields, "instruction", n, cancellationToken);
                var input = await Strings(group, fields, "input", n, cancellationToken);
                var reference = await Strings(group, fields, "reference", n, cancellationToken);
                var rationale = await Strings(group, fields, "rationale", n, cancellationToken);
                var answer = await Strings(group, fields, "answer", n, cancellationToken);
                var output = await Strings(group, fields, "output", n, cancellationToken);
                var correct = await Bools(group, fields, "correct", n, cancellationToken);
                var parseFailed = await Bools(group, fields, "parse_failed", n, cancellationToken);
                var tokens = await Numbers(group, fields, "completion_tokens", n, cancellationToken);
                var latency = await Numbers(group, fields, "latency_ms", n, cancellationToken);
                for (var i = 0; i < n; i++)
                {
                    rows.Add(new ScoredAnswer(instruction[i] ?? "", input[i] ?? "", reference[i], rationale[i], answer[i], output[i],
                        correct[i] ?? false, parseFailed[i] ?? false, tokens[i] is { } t ? (long)t : null, latency[i]));
                }
            }
            return rows;
        }
        catch (Exception e) when (e is not (OperationCanceledException or LlmDistillException or OutOfMemoryException))
        {
            throw new InvalidInputException($"{path}: cannot read the predictions ({RunLoader.FirstLine(e.Message)})", e);
        }
    }

    private static async Task<string?[]> Strings(ParquetRowGroupReader group, Dictionary<string, DataField> fields, string name,
        int n, CancellationToken cancellationToken)
    {
        var values = new string?[n];
        // Parquet.Net 6 reports UTF-8 columns as ReadOnlyMemory<char>; older writers' schemas say string.
        if (fields.TryGetValue(name, out var field) && !field.IsArray
            && (field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>)))
            await group.ReadAsync(field, values.AsMemory(), null, cancellationToken);
        return values;
    }

    private static async Task<bool?[]> Bools(ParquetRowGroupReader group, Dictionary<string, DataField> fields, string name,
        int n, CancellationToken cancellationToken) =>
        fields.TryGetValue(name, out var field) && field.ClrType == typeof(bool) && !field.IsArray
            ? await Read<bool>(group, field, n, cancellationToken)
            : new bool?[n];

    private static async Task<double?[]> Numbers(ParquetRowGroupReader group, Dictionary<string, DataField> fields, string name,
        int n, CancellationToken cancellationToken)
    {
        if (!fields.TryGetValue(name, out var field) || field.IsArray)
            return new double?[n];
        var type = field.ClrType;
        if (type == typeof(int))
            return Widen(await Read<int>(group, field, n, cancellationToken), v => v);
        if (type == typeof(long))
            return Widen(await Read<long>(group, field, n, cancellationToken), v => v);
        if (type == typeof(float))
            return Widen(await Read<float>(group, field, n, cancellationToken), v => v);
        if (type == typeof(double))
            return await Read<double>(group, field, n, cancellationToken);
        return new double?[n];
    }

    private static async Task<T?[]> Read<T>(ParquetRowGroupReader group, DataField field, int n, CancellationToken cancellationToken)
        where T : struct
    {
        var values = new T?[n];
        if (field.IsNullable)
        {
            await group.ReadAsync<T>(field, values.AsMemory(), null, cancellationToken);
            return values;
        }
        var dense = new T[n];
        await group.ReadAsync<T>(field, dense.AsMemory(), null, cancellationToken);
        for (var i = 0; i < n; i++)
            values[i] = dense[i];
        return values;
    }

    private static double?[] Widen<T>(T?[] values, Func<T, double> widen)
        where T : struct => values.Select(v => v is { } x ? widen(x) : (double?)null).ToArray();
}
