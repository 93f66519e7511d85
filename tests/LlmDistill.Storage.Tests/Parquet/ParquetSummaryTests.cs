using LlmDistill.Core.Errors;
using LlmDistill.Storage.Parquet;
using Parquet;
using Parquet.Serialization;

namespace LlmDistill.Storage.Tests.Parquet;

public sealed class ParquetSummaryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("llmd-parquet-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed record Row(string Instruction, string? Input, int SampleIndex, double Temperature);

    [Fact]
    public async Task Summarises_columns_and_rows()
    {
        var path = Path.Combine(_dir, "rows.parquet");
        var rows = Enumerable.Range(0, 25).Select(i => new Row($"q{i}", i % 2 == 0 ? null : "x", i, 0.7)).ToList();
        await ParquetSerializer.SerializeAsync(rows, path, new ParquetOptions { RowGroupSize = 10 });

        var summary = await ParquetSummary.ReadAsync(path);

        Assert.Equal(25, summary.Rows);
        Assert.Equal(3, summary.RowGroups);
        Assert.Equal(["Instruction", "Input", "SampleIndex", "Temperature"], summary.Columns.Select(c => c.Name));
        Assert.Equal(["string", "string", "int32", "double"], summary.Columns.Select(c => c.Type));
    }

    [Fact]
    public async Task A_file_that_is_not_parquet_is_one_clear_error()
    {
        var path = Path.Combine(_dir, "bad.parquet");
        await File.WriteAllTextAsync(path, "instruction,input\nhello,world\n");

        var e = await Assert.ThrowsAsync<InvalidInputException>(() => ParquetSummary.ReadAsync(path));
        Assert.StartsWith(path + ": not a readable Parquet file", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task A_truncated_file_is_one_clear_error()
    {
        var path = Path.Combine(_dir, "cut.parquet");
        await ParquetSerializer.SerializeAsync(new[] { new Row("a", "b", 1, 0) }, path);
        var bytes = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length / 2)]);

        await Assert.ThrowsAsync<InvalidInputException>(() => ParquetSummary.ReadAsync(path));
    }

    [Fact]
    public async Task A_missing_file_is_reported_by_name()
    {
        var path = Path.Combine(_dir, "nope.parquet");
        var e = await Assert.ThrowsAsync<InvalidInputException>(() => ParquetSummary.ReadAsync(path));
        Assert.Equal($"{path}: file not found", e.Message);
    }
}
