using System.Globalization;
using System.Text.Json;
using LlmDistill.Core.Examples;
using LlmDistill.Storage.Examples;
using LlmDistill.Storage.Parquet;

namespace LlmDistill.Storage.Tests.Examples;

/// <summary>
/// Our parts must read in any Parquet reader with no glue (pandas, pyarrow, DuckDB, Hugging Face datasets).
/// None of those installs here, so hyparquet, an independent implementation, stands in for them.
/// </summary>
[Trait("Category", "Slow")]
public sealed class PeerReaderTests : IDisposable
{
    private readonly string _run = Path.Combine(Directory.CreateTempSubdirectory("llmd-run-").FullName, "run1");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_run)!, recursive: true);

    private async Task<(List<Example> Rows, string Part)> WritePartAsync()
    {
        var rows = TestExamples.Range(0, 40);
        await using (var writer = await ExampleDatasetWriter.OpenAsync(_run))
        {
            foreach (var row in rows)
                await writer.AppendAsync(row);
        }
        return (rows, ExampleDatasetLayout.PartPath(_run, 0));
    }

    [Fact]
    public async Task Hyparquet_reads_every_row_and_column_as_written()
    {
        var (rows, part) = await WritePartAsync();

        using var json = Hyparquet.Read(part);

        var read = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(rows.Count, read.Count);
        foreach (var (expected, actual) in rows.Zip(read))
        {
            Assert.Equal(ExampleColumns.All, actual.EnumerateObject().Select(p => p.Name));
            Assert.Equal(expected.Id, actual.GetProperty("id").GetString());
            Assert.Equal(expected.Task, actual.GetProperty("task").GetString());
            Assert.Equal(expected.Instruction, actual.GetProperty("instruction").GetString());
            Assert.Equal(expected.Input, actual.GetProperty("input").GetString());
            Assert.Equal(expected.Reference, Text(actual, "reference"));
            Assert.Equal(expected.Rationale, Text(actual, "rationale"));
            Assert.Equal(expected.Answer, Text(actual, "answer"));
            Assert.Equal(expected.Output, Text(actual, "output"));
            Assert.Equal(expected.Teacher, actual.GetProperty("teacher").GetString());
            Assert.Equal(expected.Template, actual.GetProperty("template").GetString());
            Assert.Equal(expected.SampleIndex, actual.GetProperty("sample_index").GetInt32());
            Assert.Equal(expected.Temperature, actual.GetProperty("temperature").GetDouble());
            Assert.Equal(expected.PromptTokens, Int(actual, "prompt_tokens"));
            Assert.Equal(expected.CompletionTokens, Int(actual, "completion_tokens"));
            Assert.Equal(expected.LatencyMs, actual.GetProperty("latency_ms").GetInt64());
            Assert.Equal(expected.FinishReason, Text(actual, "finish_reason"));
            Assert.Equal(expected.Status, actual.GetProperty("status").GetString());
            // JavaScript dates hold milliseconds; the microseconds are checked by the round-trip test.
            Assert.Equal(expected.CreatedAt.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                actual.GetProperty("created_at").GetString());
            var logprobs = actual.GetProperty("top_logprobs");
            if (expected.TopLogprobs is null)
            {
                Assert.Equal(JsonValueKind.Null, logprobs.ValueKind);
                continue;
            }
            Assert.Equal(expected.TopLogprobs, logprobs.EnumerateArray().Select(t => new TopLogprob(
                t.GetProperty("position").GetInt32(), t.GetProperty("token").GetString()!, Int(t, "id"),
                t.GetProperty("logprob").GetSingle())));
        }
    }

    [Fact]
    public async Task Columns_carry_the_standard_types_and_the_schema_version()
    {
        var (_, part) = await WritePartAsync();

        using var json = Hyparquet.Read(part);

        Assert.Equal(RunManifest.CurrentSchemaVersion.ToString(CultureInfo.InvariantCulture),
            json.RootElement.GetProperty("metadata").GetProperty(ExampleDatasetLayout.SchemaVersionKey).GetString());
        var schema = json.RootElement.GetProperty("schema").EnumerateArray()
            .Select(e => (Name: e.GetProperty("name").GetString()!, Type: Text(e, "type"), Repetition: Text(e, "repetition"), Logical: Text(e, "logical")))
            .ToList();
        (string?, string?, string?) Column(string name) => schema.Where(c => c.Name == name).Select(c => (c.Type, c.Repetition, c.Logical)).First();
        Assert.Equal(("BYTE_ARRAY", "REQUIRED", "STRING"), Column("id"));
        Assert.Equal(("BYTE_ARRAY", "REQUIRED", "STRING"), Column("instruction"));
        Assert.Equal(("BYTE_ARRAY", "OPTIONAL", "STRING"), Column("reference"));
        Assert.Equal(("INT32", "REQUIRED", "INTEGER"), Column("sample_index"));
        Assert.Equal(("DOUBLE", "REQUIRED", null), Column("temperature"));
        Assert.Equal(("INT32", "OPTIONAL", "INTEGER"), Column("prompt_tokens"));
        Assert.Equal(("INT64", "REQUIRED", "INTEGER"), Column("latency_ms"));
        Assert.Equal(("INT64", "REQUIRED", "TIMESTAMP"), Column("created_at"));
        var createdAt = json.RootElement.GetProperty("schema").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "created_at");
        Assert.Equal("MICROS", createdAt.GetProperty("unit").GetString());
        Assert.True(createdAt.GetProperty("utc").GetBoolean());
        // The standard three-level list (top_logprobs → list → element), which pyarrow reads as list<struct>.
        Assert.Equal((null, "OPTIONAL", "LIST"), Column("top_logprobs"));
        Assert.Equal((null, "REPEATED", null), Column("list"));
        Assert.Equal(("INT32", "REQUIRED", "INTEGER"), Column("position"));
        Assert.Equal(("BYTE_ARRAY", "REQUIRED", "STRING"), Column("token"));
        Assert.Equal(("FLOAT", "REQUIRED", null), Column("logprob"));

        // What `llm-distill inspect` shows agrees.
        var summary = await ParquetSummary.ReadAsync(part);
        Assert.Equal(ExampleColumns.All, summary.Columns.Select(c => c.Name));
        Assert.Equal("list<struct<position: int32, token: string, id: int32, logprob: float>>",
            summary.Columns.Single(c => c.Name == "top_logprobs").Type);
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : null;

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.GetInt32() : null;
}
