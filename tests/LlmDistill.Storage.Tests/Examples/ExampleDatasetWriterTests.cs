using LlmDistill.Core.Errors;
using LlmDistill.Core.Examples;
using LlmDistill.Storage.Examples;

namespace LlmDistill.Storage.Tests.Examples;

public sealed class ExampleDatasetWriterTests : IDisposable
{
    private readonly string _run = Path.Combine(Directory.CreateTempSubdirectory("llmd-run-").FullName, "run1");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_run)!, recursive: true);

    private static ExampleDatasetOptions Parts(int rows) => new() { RowsPerPart = rows };

    private async Task<List<Example>> ReadAllAsync() =>
        await ExampleDatasetReader.Open(_run).ReadAsync().ToListAsync();

    private string[] FilesInRun() =>
        Directory.EnumerateFiles(_run, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_run, f)).Order().ToArray();

    [Fact]
    public async Task Every_column_survives_a_round_trip()
    {
        var rows = TestExamples.Range(0, 40);
        await using (var writer = await ExampleDatasetWriter.OpenAsync(_run))
        {
            foreach (var row in rows)
                Assert.True(await writer.AppendAsync(row));
        }

        var read = await ReadAllAsync();

        Assert.Equal(rows.Count, read.Count);
        foreach (var (expected, actual) in rows.Zip(read))
            TestExamples.AssertSame(expected, actual);
        // The sample is varied enough to mean something: nulls, empty and full logprob lists, every status kind.
        Assert.Contains(read, r => r.TopLogprobs is { Count: 4 });
        Assert.Contains(read, r => r.TopLogprobs is { Count: 0 });
        Assert.Contains(read, r => r.Reference is null && r.PromptTokens is null);
        Assert.Equal(["failed", "filtered", "ok", "parse_failed"], read.Select(r => ExampleStatus.Kind(r.Status)).Distinct().Order());
    }

    [Fact]
    public async Task A_part_is_written_each_time_the_buffer_fills_and_the_rest_on_dispose()
    {
        await using (var writer = await ExampleDatasetWriter.OpenAsync(_run, Parts(10)))
        {
            foreach (var row in TestExamples.Range(0, 25))
                await writer.AppendAsync(row);
            Assert.Equal(2, ExampleDatasetLayout.ListParts(_run).Count);
        }

        var parts = ExampleDatasetLayout.ListParts(_run);
        Assert.Equal([0, 1, 2], parts.Select(p => p.Number));
        Assert.Equal(["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"], parts.Select(p => Path.GetFileName(p.Path)));
        Assert.Equal(TestExamples.Range(0, 25).Select(e => e.Id), (await ReadAllAsync()).Select(e => e.Id));
    }

    [Fact]
    public async Task Rows_per_row_group_are_honoured()
    {
        await using (var writer = await ExampleDatasetWriter.OpenAsync(_run, new() { RowsPerPart = 25, RowGroupSize = 10 }))
        {
            foreach (var row in TestExamples.Range(0, 25))
                await writer.AppendAsync(row);
        }

        var summary = await Storage.Parquet.ParquetSummary.ReadAsync(ExampleDatasetLayout.PartPath(_run, 0));
        Assert.Equal(3, summary.RowGroups);
        Assert.Equal(25, (await ReadAllAsync()).Count);
    }

    [Fact]
    public async Task Writing_leaves_only_parts_manifest_and_lock_behind()
    {
        await using (var writer = await ExampleDatasetWriter.OpenAsync(_run, Parts(5)))
        {
            foreach (var row in TestExamples.Range(0, 12))
                await writer.AppendAsync(row);
        }

        Assert.Equal(
            [".writer.lock", Path.Combine("examples", "part-00000.parquet"), Path.Combine("examples", "part-00001.parquet"),
             Path.Combine("examples", "part-00002.parquet"), "manifest.json"],
            FilesInRun());
    }

    [Fact]
    public async Task Temporary_files_of_a_killed_writer_are_removed_on_reopen_and_parts_kept()
    {
        await using (var writer = await ExampleDatasetWriter.OpenAsync(_run, Parts(5)))
        {
            foreach (var row in TestExamples.Range(0, 5))
                await writer.AppendAsync(row);
        }
        // What a kill during the second part's write leaves: a partial temporary file.
        var partial = Path.Combine(ExampleDatasetLayout.ExamplesDirectory(_run), ".part-00001.parquet.tmp");
        await File.WriteAllBytesAsync(partial, [0x50, 0x41, 0x52, 0x31, 1, 2, 3]);
        var manifestTemp = Path.Combine(_run, ".manifest.json.tmp");
        await File.WriteAllTextAsync(manifestTemp, "{\"run_na");

        await using (var writer = await ExampleDatasetWriter.OpenAsync(_run, Parts(5)))
        {
            Assert.Equal(new[] { partial, manifestTemp }.Order(), writer.RemovedTemporaryFiles.Order());
            Assert.Equal(5, writer.StoredAtOpen);
            await writer.AppendAsync(TestExamples.Make(5));
        }

        Assert.False(File.Exists(partial));
        Assert.False(File.Exists(manifestTemp));
        Assert.Equal([0, 1], ExampleDatasetLayout.ListParts(_run).Select(p => p.Number));
        Assert.Equal(6, (await ReadAllAsync()).Count);
    }

    [Fact]
    public async Task A_part_that_fails_to_write_leaves_no_part_and_keeps_its_rows_for_the_next_flush()
    {
        await using var writer = await ExampleDatasetWriter.OpenAsync(_run, Parts(3));
        // A folder where the temporary file must go makes the write fail, as a full disk would (with IOException).
        var blocker = Directory.CreateDirectory(Path.Combine(ExampleDatasetLayout.ExamplesDirectory(_run), ".part-00000.parquet.tmp"));
        await writer.AppendAsync(TestExamples.Make(0));
        await writer.AppendAsync(TestExamples.Make(1));

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => writer.AppendAsync(TestExamples.Make(2)));

        Assert.Empty(ExampleDatasetLayout.ListParts(_run));
        Assert.True(writer.Contains(TestExamples.Make(2).Id));
        blocker.Delete();
        await writer.FlushAsync();
        Assert.Equal(TestExamples.Range(0, 3).Select(e => e.Id), (await ReadAllAsync()).Select(e => e.Id));
        Assert.Equal(3, writer.Manifest.Counts.Values.Sum());
    }

    [Fact]
    public async Task A_resumed_run_skips_stored_ids_and_continues_the_part_numbers()
    {
        await using (var writer = await ExampleDatasetWriter.OpenAsync(_run, Parts(4)))
        {
            foreach (var row in TestExamples.Range(0, 10))
                await writer.AppendAsync(row);
        }

        await using (var writer = await ExampleDatasetWriter.OpenAsync(_run, Parts(4)))
        {
            Assert.Equal(10, writer.StoredAtOpen);
            Assert.True(writer.Contains(TestExamples.Make(3).Id));
            Assert.False(writer.Contains(TestExamples.Make(10).Id));
            // A generator asks Contains first; a row that slips through anyway is refused, not stored twice.
            Assert.False(await writer.AppendAsync(TestExamples.Make(3)));
            Assert.True(await writer.AppendAsync(TestExamples.Make(10)));
            Assert.False(await writer.AppendAsync(TestExamples.Make(10)));
        }

        Assert.Equal([0, 1, 2, 3], ExampleDatasetLayout.ListParts(_run).Select(p => p.Number));
        Assert.Equal(TestExamples.Range(0, 11).Select(e => e.Id), (await ReadAllAsync()).Select(e => e.Id));
    }

    [Fact]
    public async Task A_kill_loses_only_the_unwritten_buffer_and_the_next_run_completes_without_duplicates()
    {
        var all = TestExamples.Range(0, 23);

        // First run: killed after 23 appends with 10-row parts, so rows 20..22 are only in memory.
        var first = await ExampleDatasetWriter.OpenAsync(_run, Parts(10));
        foreach (var row in all)
            await first.AppendAsync(row);
        first.Abandon();
        Assert.Equal(all.Take(20).Select(e => e.Id), (await ReadAllAsync()).Select(e => e.Id));

        // Second run: the generator goes through every item again and appends what is missing.
        await using (var second = await ExampleDatasetWriter.OpenAsync(_run, Parts(10)))
        {
            Assert.Equal(20, second.StoredAtOpen);
            foreach (var row in all.Where(r => !second.Contains(r.Id)))
                Assert.True(await second.AppendAsync(row));
        }

        var ids = (await ReadAllAsync()).Select(e => e.Id).ToList();
        Assert.Equal(all.Count, ids.Count);
        Assert.Equal(all.Select(e => e.Id).Order(), ids.Order());
    }

    [Fact]
    public async Task Concurrent_producers_lose_and_duplicate_nothing()
    {
        var rows = TestExamples.Range(0, 400);
        await using (var writer = await ExampleDatasetWriter.OpenAsync(_run, Parts(37)))
        {
            // Eight producers, each offering every row: exactly one append per id may win.
            var wins = await Task.WhenAll(Enumerable.Range(0, 8).Select(p => Task.Run(async () =>
            {
                var won = 0;
                foreach (var row in p % 2 == 0 ? rows : Enumerable.Reverse(rows))
                    won += await writer.AppendAsync(row) ? 1 : 0;
                return won;
            })));
            Assert.Equal(rows.Count, wins.Sum());
        }

        var ids = (await ReadAllAsync()).Select(e => e.Id).ToList();
        Assert.Equal(rows.Select(r => r.Id).Order(), ids.Order());
    }

    [Fact]
    public async Task A_second_writer_on_the_same_run_is_refused()
    {
        await using var writer = await ExampleDatasetWriter.OpenAsync(_run);

        var e = await Assert.ThrowsAsync<InvalidInputException>(() => ExampleDatasetWriter.OpenAsync(_run));
        Assert.StartsWith($"{_run}: another llm-distill process is writing this run", e.Message);
    }

    [Fact]
    public async Task Invalid_rows_are_rejected_before_they_reach_a_part()
    {
        await using var writer = await ExampleDatasetWriter.OpenAsync(_run);

        await Assert.ThrowsAsync<ArgumentException>(() => writer.AppendAsync(TestExamples.Make(0) with { Status = "fine" }));
        await Assert.ThrowsAsync<ArgumentException>(() => writer.AppendAsync(TestExamples.Make(0) with { Id = "" }));
        await Assert.ThrowsAsync<ArgumentException>(() => writer.AppendAsync(TestExamples.Make(0) with { Teacher = null! }));
        Assert.False(writer.Contains(TestExamples.Make(0).Id));
    }

    [Fact]
    public void Options_are_checked_when_set()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExampleDatasetOptions { RowsPerPart = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExampleDatasetOptions { RowGroupSize = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExampleDatasetOptions { PromptUsdPerMillionTokens = -0.01m });
    }
}
