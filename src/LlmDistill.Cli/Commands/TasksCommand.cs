using System.CommandLine;
using System.Globalization;
using LlmDistill.Cli.Output;
using LlmDistill.Core.Errors;
using LlmDistill.Core.Tasks;
using LlmDistill.Generation.Tasks;

namespace LlmDistill.Cli.Commands;

/// <summary><c>llm-distill tasks make|import|split</c>: the questions a teacher is asked.</summary>
internal static class TasksCommand
{
    public static Command Create(AppConsole console)
    {
        var command = new Command("tasks", "Make, import and split task files (the questions a teacher is asked).");
        command.Subcommands.Add(Make(console));
        command.Subcommands.Add(Import(console));
        command.Subcommands.Add(Split(console));
        return command;
    }

    private static Command Make(AppConsole console)
    {
        var task = new Option<string>("--task") { Description = "Built-in task family: arithmetic (multi-step word problems, GSM8K format).", DefaultValueFactory = _ => ArithmeticWordProblems.TaskName };
        var count = new Option<int>("--count") { Description = "Problems to make.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed makes the same problems.", DefaultValueFactory = _ => 0 };
        var maxNumber = new Option<int>("--max-number") { Description = "Largest number in a question (difficulty).", DefaultValueFactory = _ => 60 };
        var steps = new Option<int>("--steps") { Description = "Operations per problem: 2 or 3 (difficulty).", DefaultValueFactory = _ => 3 };
        var output = new Option<FileInfo>("--out") { Description = "The JSONL file to write (GSM8K format: question, answer with '#### final').", Required = true };
        task.AcceptOnlyFromAmong(ArithmeticWordProblems.TaskName);
        var command = new Command("make", "Make problems of a built-in task family, with ground-truth rationales and answers.")
        {
            task, count, seed, maxNumber, steps, output,
        };
        command.SetAction(console, async (parse, ct) =>
        {
            var options = new ArithmeticWordProblems.Options(parse.GetValue(maxNumber), parse.GetValue(steps));
            CommandRunner.ValidateOptions(options.Validate);
            var n = parse.GetValue(count);
            if (n < 1)
                throw new InvalidInputException("invalid option --count: must be at least 1");
            var path = parse.GetValue(output)!.FullName;
            await TaskFileWriter.WriteAsync(path, ArithmeticWordProblems.Generate(n, parse.GetValue(seed), options), ct);
            console.Info($"wrote {n:N0} problems to {path}");
            console.Result(path);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Import(AppConsole console)
    {
        var file = new Argument<FileInfo>("file") { Description = "GSM8K JSONL, Alpaca seed tasks (JSONL) or JSON, or a CSV/JSONL/Parquet file with a column mapping." };
        var output = new Option<FileInfo>("--out") { Description = "The JSONL task file to write.", Required = true };
        var format = new Option<TaskFileFormat>("--format") { Description = "The input's format; detected from the extension and fields by default.", DefaultValueFactory = _ => TaskFileFormat.Auto };
        var mapping = new TaskMappingOptions();
        var command = new Command("import", "Convert a question file into a task file with stable ids (duplicates dropped).") { file, output, format };
        mapping.AddTo(command);
        command.SetAction(console, async (parse, ct) =>
        {
            var read = await TaskFileReader.ReadAsync(parse.GetValue(file)!.FullName, parse.GetValue(format), mapping.Get(parse), ct);
            var path = parse.GetValue(output)!.FullName;
            await TaskFileWriter.WriteAsync(path, read.Items, ct);
            var dropped = read.DuplicatesDropped > 0 ? $", {read.DuplicatesDropped:N0} duplicates dropped" : "";
            console.Info($"read {read.Format}: {read.Items.Count:N0} tasks{dropped}; wrote {path}");
            console.Result(path);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Split(AppConsole console)
    {
        var file = new Argument<FileInfo>("file") { Description = "A task file." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for train.jsonl, validation.jsonl and test.jsonl.", Required = true };
        var ratios = new Option<string>("--ratios") { Description = "Train, validation and test shares.", DefaultValueFactory = _ => "0.8,0.1,0.1" };
        var seed = new Option<int>("--seed") { Description = "Shuffle seed.", DefaultValueFactory = _ => 0 };
        var command = new Command("split", "Split a task file into train, validation and test files, deterministically.") { file, output, ratios, seed };
        command.SetAction(console, async (parse, ct) =>
        {
            var shares = ParseRatios(parse.GetValue(ratios)!);
            var read = await TaskFileReader.ReadAsync(parse.GetValue(file)!.FullName, cancellationToken: ct);
            var parts = TaskSplits.Split(read.Items, shares, parse.GetValue(seed));
            var dir = parse.GetValue(output)!.FullName;
            for (var i = 0; i < parts.Count; i++)
                await TaskFileWriter.WriteAsync(Path.Combine(dir, TaskSplits.Names[i] + ".jsonl"), parts[i], ct);
            console.Info(string.Join(", ", parts.Select((p, i) => $"{TaskSplits.Names[i]} {p.Count:N0}")) + $" in {dir}");
            console.Result(dir);
            return ExitCodes.Success;
        });
        return command;
    }

    private static double[] ParseRatios(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 3 || !parts.All(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0)
            || parts.Sum(p => double.Parse(p, CultureInfo.InvariantCulture)) <= 0)
            throw new InvalidInputException($"invalid option --ratios: '{text}' is not three non-negative shares such as 0.8,0.1,0.1");
        return [.. parts.Select(p => double.Parse(p, CultureInfo.InvariantCulture))];
    }
}
