using System.Text.Json;
using LlmDistill.Cli.Output;
using LlmDistill.Storage.Parquet;
using Spectre.Console;

namespace LlmDistill.Cli.Commands.Inspect;

/// <summary>Prints a <see cref="ParquetSummary"/>.</summary>
internal static class ParquetInspection
{
    public static async Task PrintAsync(AppConsole console, string path, bool json, CancellationToken cancellationToken)
    {
        var summary = await ParquetSummary.ReadAsync(path, cancellationToken);
        if (json)
        {
            console.Result(JsonSerializer.Serialize(new
            {
                format = "parquet",
                path = summary.Path,
                bytes = summary.FileBytes,
                rows = summary.Rows,
                row_groups = summary.RowGroups,
                columns = summary.Columns.Select(c => new { name = c.Name, type = c.Type, nullable = c.Nullable }),
                metadata = summary.Metadata,
            }, JsonOutput.Options));
            return;
        }

        var overview = new Grid().AddColumn().AddColumn();
        overview.AddRow("file", Markup.Escape(summary.Path));
        overview.AddRow("format", "Parquet" + (summary.CreatedBy is { } by ? $" (written by {Markup.Escape(by)})" : ""));
        overview.AddRow("size", Format.Bytes(summary.FileBytes));
        overview.AddRow("rows", $"{summary.Rows:N0} in {summary.RowGroups} row group(s)");
        console.Result(overview);

        var columns = new Table().Title("columns").AddColumns("name", "type", "nullable");
        foreach (var c in summary.Columns)
            columns.AddRow(Markup.Escape(c.Name), Markup.Escape(c.Type), c.Nullable ? "yes" : "no");
        console.Result(columns);

        foreach (var (key, value) in summary.Metadata.Where(kv => kv.Key != "ARROW:schema"))
            console.Result($"{key}: {Format.Truncate(value, 200)}");
    }
}
