using System.CommandLine;
using LlmDistill.Cli.Output;
using LlmDistill.Core.Errors;
using LlmDistill.Core.Prompts;
using LlmDistill.Generation.Resilience;
using LlmDistill.Generation.SelfInstruct;
using LlmDistill.Generation.Tasks;

namespace LlmDistill.Cli.Commands;

/// <summary><c>llm-distill instruct</c>: Alpaca's self-instruct, growing a task set from seed tasks.</summary>
internal static class InstructCommand
{
    public static Command Create(AppConsole console)
    {
        var teacher = new TeacherOptions();
        var seeds = new Option<FileInfo>("--seeds") { Description = "Seed tasks: Alpaca's seed_tasks.jsonl, or any task file with instructions.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "JSONL of new tasks (instruction, input, output). An existing file is resumed.", Required = true };
        var count = new Option<int>("--count") { Description = "New tasks wanted in total.", DefaultValueFactory = _ => 100 };
        var template = new Option<string>("--template") { Description = "Prompt template: a name in prompts/ or a path.", DefaultValueFactory = _ => "self-instruct" };
        var examples = new Option<int>("--examples") { Description = "Seed tasks shown per prompt.", DefaultValueFactory = _ => 3 };
        var threshold = new Option<double>("--rouge-threshold") { Description = "Drop a task whose ROUGE-L F1 against any kept task reaches this.", DefaultValueFactory = _ => 0.7 };
        var temperature = new Option<double>("--temperature") { Description = "Sampling temperature.", DefaultValueFactory = _ => 1.0 };
        var concurrency = new Option<int>("--concurrency") { Description = "Prompts in flight at once.", DefaultValueFactory = _ => 4 };
        var seed = new Option<int>("--seed") { Description = "Seed for sampling the examples.", DefaultValueFactory = _ => 0 };
        var command = new Command("instruct", "Self-instruct: sample seed tasks into a prompt, keep the teacher's new tasks unless near-duplicate (ROUGE-L), malformed or blacklisted. Then answer them with 'generate'.")
        {
            seeds, output, count, template, examples, threshold, temperature, concurrency, seed,
        };
        teacher.AddTo(command);
        command.SetAction(console, async (parse, ct) =>
        {
            var options = new SelfInstructOptions
            {
                Target = parse.GetValue(count),
                ExamplesPerPrompt = parse.GetValue(examples),
                RougeThreshold = parse.GetValue(threshold),
                Temperature = parse.GetValue(temperature),
                Concurrency = parse.GetValue(concurrency),
                Seed = parse.GetValue(seed),
            };
            CommandRunner.ValidateOptions(options.Validate);
            var prompt = PromptTemplate.Resolve(parse.GetValue(template)!, Paths.Prompts);
            var seedTasks = (await TaskFileReader.ReadAsync(parse.GetValue(seeds)!.FullName, cancellationToken: ct)).Items;
            var path = parse.GetValue(output)!.FullName;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);

            await using var client = teacher.Create(parse, new ResilienceStats());
            SelfInstructRunner runner;
            try
            {
                runner = new SelfInstructRunner(client, prompt, options);
            }
            catch (ArgumentException e)
            {
                throw new InvalidInputException(e.Message.Split(" (Parameter", 2)[0]);
            }
            var result = await console.ProgressAsync("instruct", display =>
                runner.RunAsync(seedTasks, path, new SyncProgress<SelfInstructProgress>(p =>
                    display.Update((double)p.Kept / p.Target, $"{p.Kept:N0}/{p.Target:N0} kept · {p.Prompts} prompts")), ct));
            var rejected = string.Join(", ", result.Rejected.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value}"));
            console.Info($"{result.Kept:N0} tasks in {path} after {result.Prompts} prompts" + (rejected.Length > 0 ? $"; dropped: {rejected}" : ""));
            console.Result(path);
            return ExitCodes.Success;
        });
        return command;
    }
}
