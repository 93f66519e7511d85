using LlmDistill.Core.Errors;
using LlmDistill.Core.Examples;
using LlmDistill.Storage.Examples;

namespace LlmDistill.Storage.Tests.Examples;

public sealed class ExampleDatasetReaderTests : IDisposable
{
    private readonly string _run = Path.Combine(Directory.CreateTempSubdirectory("llmd-run-").FullName, "run1");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_run)!, recursive: true);

    private async Task<List<Example>> WriteAsync(int count)
    {
        var rows = TestExamples.Range(0, count);
        await using var writer = await ExampleDatasetWriter.OpenAsync(_run, new() { RowsPerPart = 7 });
        foreach (var row in rows)
            await writer.AppendAsync(row);
        return rows;
    }

    [Fact]
    public async Task Ok_only_yields_just_the_ok_rows_in_order()
    {
        var rows = await WriteAsync(30);

        var ok = await ExampleDatasetReader.Open(_run).ReadAsync(ExampleFilter.OkOnly).ToListAsync();

        Assert.Equal(rows.Where(r => r.Status == ExampleStatus.Ok).Select(r => r.Id), ok.Select(r => r.Id));
        Assert.NotEmpty(ok);
    }

    [Fact]
    public async Task Counts_by_full_status()
    {
        await WriteAsync(30);

        var counts = await ExampleDatasetReader.Open(_run).CountByStatusAsync();

        Assert.Equal(
            new SortedDictionary<string, long> { ["failed:http_429"] = 7, ["filtered:wrong_answer"] = 7, ["ok"] = 8, ["parse_failed"] = 8 },
            counts);
    }

    [Fact]
    public async Task A_reader_sees_the_parts_that_existed_when_it_opened()
    {
        await WriteAsync(14);
        var reader = ExampleDatasetReader.Open(_run);
        await using (var writer = await ExampleDatasetWriter.OpenAsync(_run))
            await writer.AppendAsync(TestExamples.Make(99));

        Assert.Equal(14, (await reader.ReadAsync().ToListAsync()).Count);
        Assert.Equal(15, (await ExampleDatasetReader.Open(_run).ReadAsync().ToListAsync()).Count);
    }

    [Fact]
    public void A_run_without_parts_is_one_clear_error()
    {
        var e = Assert.Throws<InvalidInputException>(() => ExampleDatasetReader.Open(_run));
        Assert.StartsWith($"{_run}: no examples found", e.Message);
    }

    [Fact]
    public async Task Reading_stops_when_cancelled()
    {
        await WriteAsync(14);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => ExampleDatasetReader.Open(_run).ReadAsync(cancellationToken: cts.Token).ToListAsync().AsTask());
    }
}
