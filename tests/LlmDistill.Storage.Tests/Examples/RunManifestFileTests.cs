using System.Text;
using System.Text.Json;
using LlmDistill.Core.Errors;
using LlmDistill.Core.Examples;
using LlmDistill.Storage.Examples;

namespace LlmDistill.Storage.Tests.Examples;

public sealed class RunManifestFileTests : IDisposable
{
    private readonly string _run = Path.Combine(Directory.CreateTempSubdirectory("llmd-run-").FullName, "run1");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_run)!, recursive: true);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task The_manifest_counts_rows_tokens_and_cost_and_survives_a_resume()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 25, 15, 0, 0, TimeSpan.Zero));
        var options = new ExampleDatasetOptions
        {
            RowsPerPart = 3,
            RunName = "arith-v1",
            Configuration = new Dictionary<string, string> { ["teacher.model"] = "gpt-4o-mini" },
            PromptUsdPerMillionTokens = 0.15m,
            CompletionUsdPerMillionTokens = 0.60m,
            TimeProvider = clock,
        };
        var rows = TestExamples.Range(0, 8);
        var first = await ExampleDatasetWriter.OpenAsync(_run, options);
        foreach (var row in rows.Take(7))
            await first.AppendAsync(row);
        first.Abandon(); // row 6 was only buffered

        clock.Now = clock.Now.AddHours(1);
        await using (var second = await ExampleDatasetWriter.OpenAsync(_run, options with { Configuration = null }))
        {
            foreach (var row in rows.Where(r => !second.Contains(r.Id)))
                await second.AppendAsync(row);
        }

        var manifest = await RunManifestFile.ReadAsync(ExampleDatasetLayout.ManifestPath(_run));
        Assert.NotNull(manifest);
        Assert.Equal("arith-v1", manifest.RunName);
        Assert.Equal(RunManifest.CurrentSchemaVersion, manifest.SchemaVersion);
        Assert.Equal(new DateTime(2026, 11, 25, 15, 0, 0, DateTimeKind.Utc), manifest.CreatedAt);
        Assert.Equal(new DateTime(2026, 11, 25, 16, 0, 0, DateTimeKind.Utc), manifest.UpdatedAt);
        Assert.Equal("gpt-4o-mini", manifest.Configuration["teacher.model"]);
        var expectedCounts = rows.GroupBy(r => r.Status).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(expectedCounts.OrderBy(kv => kv.Key), manifest.Counts.OrderBy(kv => kv.Key));
        long prompt = rows.Sum(r => r.PromptTokens ?? 0), completion = rows.Sum(r => r.CompletionTokens ?? 0);
        Assert.Equal(prompt, manifest.PromptTokens);
        Assert.Equal(completion, manifest.CompletionTokens);
        Assert.Equal((prompt * 0.15m + completion * 0.60m) / 1_000_000m, manifest.EstimatedCostUsd);
        Assert.Equal(await ExampleDatasetReader.Open(_run).CountByStatusAsync(), manifest.Counts);
    }

    [Fact]
    public async Task The_manifest_is_indented_snake_case_json()
    {
        await using (var writer = await ExampleDatasetWriter.OpenAsync(_run))
            await writer.AppendAsync(TestExamples.Make(0));

        var text = await File.ReadAllTextAsync(ExampleDatasetLayout.ManifestPath(_run));
        using var json = JsonDocument.Parse(text);
        Assert.Equal(
            ["schema_version", "run_name", "created_at", "updated_at", "configuration", "counts", "prompt_tokens",
             "completion_tokens", "estimated_cost_usd"],
            json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("run1", json.RootElement.GetProperty("run_name").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("counts").GetProperty("ok").GetInt64());
        Assert.Contains("\n  \"run_name\": \"run1\",\n", text);
    }

    [Fact]
    public async Task A_planted_key_appears_in_no_file_of_the_run()
    {
        var key = FakeSecret.Of("sk-proj-PLANTED");
        var options = new ExampleDatasetOptions
        {
            RowsPerPart = 4,
            Configuration = new Dictionary<string, string>
            {
                ["teacher.api_key"] = key,
                ["teacher.headers"] = $"Authorization: Bearer {key}",
                ["teacher.endpoint"] = $"https://example.openai.azure.com/openai/deployments/x?api-key={key}",
                ["teacher.model"] = "gpt-4o-mini",
            },
        };
        await using (var writer = await ExampleDatasetWriter.OpenAsync(_run, options))
        {
            foreach (var row in TestExamples.Range(0, 10))
                await writer.AppendAsync(row);
            Assert.DoesNotContain(key, string.Concat(writer.Manifest.Configuration.Values));
        }
        // A caller that builds a manifest itself is redacted on the way out too.
        var other = Path.Combine(_run, "other-manifest.json");
        await RunManifestFile.WriteAsync(other, new RunManifest
        {
            RunName = "x", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            Configuration = new Dictionary<string, string> { ["openai_key"] = key },
        });

        var files = Directory.GetFiles(_run, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.EndsWith("part-00002.parquet", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(key)), $"{file} contains the key");
            Assert.False(Contains(bytes, Encoding.UTF8.GetBytes("PLANTED")), $"{file} contains part of the key");
        }
        var manifest = await RunManifestFile.ReadAsync(ExampleDatasetLayout.ManifestPath(_run));
        Assert.Equal(SecretRedactor.Redacted, manifest!.Configuration["teacher.api_key"]);
        Assert.Equal("gpt-4o-mini", manifest.Configuration["teacher.model"]);
    }

    [Fact]
    public async Task A_malformed_or_newer_manifest_is_one_clear_error()
    {
        var path = Path.Combine(_run, "manifest.json");
        Directory.CreateDirectory(_run);
        await File.WriteAllTextAsync(path, "{ \"run_name\": ");
        var e = await Assert.ThrowsAsync<InvalidInputException>(() => RunManifestFile.ReadAsync(path));
        Assert.StartsWith($"{path}: malformed run manifest (", e.Message);

        await File.WriteAllTextAsync(path,
            """{ "schema_version": 9, "run_name": "r", "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z" }""");
        e = await Assert.ThrowsAsync<InvalidInputException>(() => ExampleDatasetWriter.OpenAsync(_run));
        Assert.Equal($"{path}: written by a newer llm-distill (schema version 9, this one reads up to 1); upgrade llm-distill", e.Message);
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
