using System.CommandLine;
using LlmDistill.Cli.Output;
using LlmDistill.Core.Errors;
using LlmDistill.Evaluation.Reports;

namespace LlmDistill.Cli.Commands;

/// <summary><c>llm-distill report</c>: one page comparing teacher and students.</summary>
internal static class ReportCommand
{
    public static Command Create(AppConsole console)
    {
        var runs = new Option<DirectoryInfo[]>("--runs") { Description = "Evaluation folders (each with metrics.json and predictions.parquet).", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for report.html, report.md and charts/.", Required = true };
        var title = new Option<string?>("--title") { Description = "The report's title." };
        var command = new Command("report", "Write report.md and a self-contained report.html: the headline, a runs table, accuracy against size and speed, training curves, objectives compared, sample answers.")
        {
            runs, output, title,
        };
        command.SetAction(console, async (parse, ct) =>
        {
            var options = new ReportOptions(parse.GetValue(runs)!.Select(d => d.FullName).ToList(), parse.GetValue(output)!.FullName);
            if (parse.GetValue(title) is { } t)
                options = options with { Title = t };
            var result = await ReportBuilder.BuildAsync(options, ct);
            console.Info(result.Headline.Text);
            console.Result(result.HtmlPath);
            return ExitCodes.Success;
        });
        return command;
    }
}
