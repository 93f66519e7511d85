using LlmDistill.Core.Errors;
using LlmDistill.Storage.Examples;
using Parquet;
using Parquet.Serialization;

namespace LlmDistill.Storage.Tests.Examples;

public sealed class CorruptPartTests : IDisposable
{
    private readonly string _run = Path.Combine(Directory.CreateTempSubdirectory("llmd-run-").FullName, "run1");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_run)!, recursive: true);

    private sealed record Foreign(string Question);

    private async Task WriteThreePartsAsync()
    {
        await using var writer = await ExampleDatasetWriter.OpenAsync(_run, new() { RowsPerPart = 10 });
        foreach (var row in TestExamples.Range(0, 30))
            await writer.AppendAsync(row);
    }

    private static async Task<InvalidInputException> AssertRefusedUntouchedAsync(string part, Func<Task> open)
    {
        var before = await File.ReadAllBytesAsync(part);
        var e = await Assert.ThrowsAsync<InvalidInputException>(open);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal(before, await File.ReadAllBytesAsync(part));
        return e;
    }

    public static TheoryData<string> Damages => ["truncated", "garbage", "empty"];

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task Resuming_over_a_damaged_part_names_it_and_leaves_it_byte_identical(string damage)
    {
        await WriteThreePartsAsync();
        var part = ExampleDatasetLayout.PartPath(_run, 1);
        var bytes = await File.ReadAllBytesAsync(part);
        await File.WriteAllBytesAsync(part, damage switch
        {
            "truncated" => bytes[..(bytes.Length * 2 / 3)],
            "garbage" => [.. bytes[..4], .. Enumerable.Repeat((byte)0xAB, bytes.Length - 8), .. bytes[^4..]],
            _ => [],
        });

        var e = await AssertRefusedUntouchedAsync(part, () => ExampleDatasetWriter.OpenAsync(_run));

        Assert.StartsWith($"{part}: corrupt Parquet part (", e.Message);
        Assert.EndsWith("); move it away to resume", e.Message);
        // Refusing released the run: once the part is moved away, the run resumes without it.
        File.Move(part, Path.Combine(_run, "part-00001.parquet.bad"));
        await using var writer = await ExampleDatasetWriter.OpenAsync(_run);
        Assert.Equal(20, writer.StoredAtOpen);
    }

    [Fact]
    public async Task Reading_a_damaged_part_names_it()
    {
        await WriteThreePartsAsync();
        var part = ExampleDatasetLayout.PartPath(_run, 2);
        var bytes = await File.ReadAllBytesAsync(part);
        await File.WriteAllBytesAsync(part, bytes[..^10]);
        var reader = ExampleDatasetReader.Open(_run);

        var e = await AssertRefusedUntouchedAsync(part, () => reader.ReadAsync().ToListAsync().AsTask());

        Assert.StartsWith($"{part}: corrupt Parquet part (", e.Message);
        await AssertRefusedUntouchedAsync(part, () => reader.CountByStatusAsync());
    }

    [Fact]
    public async Task A_part_from_a_newer_version_is_refused_with_the_versions()
    {
        await WriteThreePartsAsync();
        var part = ExampleDatasetLayout.PartPath(_run, 3);
        await using (var stream = File.Create(part))
        {
            var rows = TestExamples.Range(30, 2).Select(ExampleRow.From);
            await ParquetSerializer.SerializeAsync(rows, stream, new ParquetOptions(),
                new Dictionary<string, string> { [ExampleDatasetLayout.SchemaVersionKey] = "2" });
        }

        var e = await AssertRefusedUntouchedAsync(part, () => ExampleDatasetWriter.OpenAsync(_run));
        Assert.Equal($"{part}: written by a newer llm-distill (examples schema version 2, this one reads up to 1); upgrade llm-distill",
            e.Message);
        await AssertRefusedUntouchedAsync(part, () => ExampleDatasetReader.Open(_run).ReadAsync().ToListAsync().AsTask());
    }

    [Fact]
    public async Task A_foreign_parquet_file_named_like_a_part_is_refused()
    {
        await WriteThreePartsAsync();
        var part = ExampleDatasetLayout.PartPath(_run, 3);
        await ParquetSerializer.SerializeAsync(new[] { new Foreign("2+2?") }, part);

        var e = await AssertRefusedUntouchedAsync(part, () => ExampleDatasetWriter.OpenAsync(_run));
        Assert.StartsWith($"{part}: not an LlmDistill examples part", e.Message);
    }
}
