using System.CommandLine;
using LlmDistill.Cli.Output;
using LlmDistill.Core.Errors;
using LlmDistill.Core.Prompts;
using LlmDistill.Core.Tasks;
using LlmDistill.Generation.Batch;
using LlmDistill.Generation.Resilience;
using LlmDistill.Generation.Runs;
using LlmDistill.Generation.Tasks;
using LlmDistill.Generation.Teachers.OpenAi;
using LlmDistill.Storage.Examples;

namespace LlmDistill.Cli.Commands;

/// <summary><c>llm-distill generate</c>: ask a teacher for rationales and answers, store them as Parquet.</summary>
internal static class GenerateCommand
{
    public static Command Create(AppConsole console)
    {
        var teacher = new TeacherOptions();
        var tasks = new Option<FileInfo>("--tasks") { Description = "Questions: GSM8K JSONL, Alpaca seed tasks or JSON, or any CSV/JSONL/Parquet with an 'instruction' column.", Required = true };
        var template = new Option<string>("--template") { Description = "Prompt template: a name in prompts/ (step-by-step, answer-only, ...) or a path.", DefaultValueFactory = _ => "step-by-step" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Run folder: examples/part-*.parquet and manifest.json. An existing run is resumed.", Required = true };
        var samples = new Option<int>("--samples") { Description = "Samples per question.", DefaultValueFactory = _ => 1 };
        var temperature = new Option<double>("--temperature") { Description = "Sampling temperature (0 = greedy).", DefaultValueFactory = _ => 0 };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Longest answer, in tokens.", DefaultValueFactory = _ => 512 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at once.", DefaultValueFactory = _ => 8 };
        var logprobs = new Option<int>("--logprobs") { Description = "Store the top K alternatives per generated token (K ≤ 20; 0 = none).", DefaultValueFactory = _ => 0 };
        var seed = new Option<int?>("--seed") { Description = "Base sampling seed, for reproducible samples." };
        var filterWrong = new Option<bool>("--filter-wrong") { Description = "Mark answers that disagree with the task's reference as filtered:wrong_answer." };
        var vote = new Option<bool>("--self-consistency") { Description = "With several samples, mark answers outside the majority as filtered:minority_answer." };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out (the default whenever --out already holds one)." };
        var batch = new Option<bool>("--batch") { Description = "openai/azure: use the Batch API (half price, up to 24 h): write, upload, submit, poll, collect. Rerun the same command to re-attach." };
        var poll = new Option<double>("--poll-interval") { Description = "With --batch: seconds between status checks.", DefaultValueFactory = _ => 30 };
        var mapping = new TaskMappingOptions();
        var command = new Command("generate", "Ask a teacher for step-by-step rationales and answers; store every sample as Parquet, resumably.")
        {
            tasks, template, output, samples, temperature, maxTokens, concurrency, logprobs, seed, filterWrong, vote, resume, batch, poll,
        };
        teacher.AddTo(command);
        mapping.AddTo(command);

        command.SetAction(console, async (parse, ct) =>
        {
            var options = new GenerationOptions
            {
                Samples = parse.GetValue(samples),
                Temperature = parse.GetValue(temperature),
                MaxTokens = parse.GetValue(maxTokens),
                Concurrency = parse.GetValue(concurrency),
                TopLogprobs = parse.GetValue(logprobs),
                Seed = parse.GetValue(seed),
                FilterWrongAnswers = parse.GetValue(filterWrong),
                SelfConsistency = parse.GetValue(vote),
            };
            CommandRunner.ValidateOptions(options.Validate);
            var prompt = PromptTemplate.Resolve(parse.GetValue(template)!, Paths.Prompts);
            var file = await TaskFileReader.ReadAsync(parse.GetValue(tasks)!.FullName, mapping: mapping.Get(parse), cancellationToken: ct);
            if (file.Items.Count == 0)
                throw new InvalidInputException($"{parse.GetValue(tasks)!.FullName}: no questions in the file");

            var configuration = teacher.Describe(parse);
            configuration["tasks"] = parse.GetValue(tasks)!.FullName;
            configuration["template"] = prompt.Id;
            configuration["samples"] = options.Samples.ToString();
            configuration["temperature"] = options.Temperature.ToString("R");
            configuration["max_tokens"] = options.MaxTokens.ToString();
            configuration["logprobs"] = options.TopLogprobs.ToString();

            if (parse.GetValue(batch))
                return await RunBatchAsync(console, parse, teacher, prompt, options, file.Items, parse.GetValue(output)!.FullName,
                    configuration, TimeSpan.FromSeconds(parse.GetValue(poll)), ct);

            var stats = new ResilienceStats();
            await using var client = teacher.Create(parse, stats);
            await using var writer = await ExampleDatasetWriter.OpenAsync(parse.GetValue(output)!.FullName,
                new ExampleDatasetOptions { Configuration = configuration }, ct);
            if (writer.StoredAtOpen > 0)
                console.Info($"resuming: {writer.StoredAtOpen:N0} samples already stored in {writer.RunDirectory}");

            var runner = new GenerationRunner(client, prompt, options);
            var result = await console.ProgressAsync($"generate ({client.Name})", display =>
                runner.RunAsync(file.Items, writer, new Progress(display, stats), ct));

            var failed = result.Failed > 0 ? $", {result.Failed} failed (recorded as failed:…)" : "";
            console.Info($"{result.Done - result.Skipped:N0} new samples ({result.Ok:N0} ok{failed}), " +
                $"{result.Skipped:N0} already stored; {stats.Retries} retries, {stats.RetryAfterWaits} Retry-After waits");
            console.Result(writer.RunDirectory);
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<int> RunBatchAsync(AppConsole console, ParseResult parse, TeacherOptions teacher, PromptTemplate prompt,
        GenerationOptions options, IReadOnlyList<TaskItem> items, string output, Dictionary<string, string> configuration,
        TimeSpan pollInterval, CancellationToken ct)
    {
        var endpoints = parse.GetValue(teacher.Endpoints) ?? [];
        var model = parse.GetValue(teacher.Model)!;
        var batchOptions = new BatchOptions { PollInterval = pollInterval };
        CommandRunner.ValidateOptions(batchOptions.Validate);
        var service = parse.GetValue(teacher.Kind) switch
        {
            "openai" when endpoints.Length <= 1 => OpenAiBatchService.Create(model, endpoints.FirstOrDefault(),
                parse.GetValue(teacher.KeyVariable) ?? OpenAiTeachers.DefaultKeyVariable, batchOptions),
            "azure" when endpoints.Length == 1 => OpenAiBatchService.CreateAzure(endpoints[0], model,
                parse.GetValue(teacher.KeyVariable) ?? OpenAiTeachers.DefaultAzureKeyVariable, batchOptions),
            "gguf" => throw new InvalidInputException("--batch is for openai and azure teachers; a gguf teacher already batches locally"),
            _ => throw new InvalidInputException("--batch takes one --endpoint"),
        };
        configuration["batch"] = "true";
        await using var writer = await ExampleDatasetWriter.OpenAsync(output, new ExampleDatasetOptions { Configuration = configuration }, ct);
        var runner = new BatchGenerationRunner(service, prompt, options, batchOptions);
        var result = await console.ProgressAsync($"batch ({service.Name})", display =>
            runner.RunAsync(items, writer, new Progress(display, service.Stats),
                new SyncProgress<BatchJob>(job => console.Info($"batch {job.BatchId ?? Path.GetFileName(job.InputPath)}: {job.Status}")), ct));
        foreach (var problem in result.Problems)
            console.Info("problem: " + problem);
        var p = result.Progress;
        console.Info($"{p.Done - p.Skipped:N0} new samples ({p.Ok:N0} ok, {p.Failed:N0} failed), {p.Skipped:N0} already stored, " +
            $"{result.Jobs.Count} batch file(s)");
        console.Result(writer.RunDirectory);
        return ExitCodes.Success;
    }

    private sealed class Progress(ProgressDisplay display, ResilienceStats stats) : IProgress<GenerationProgress>
    {
        public void Report(GenerationProgress p) => display.Update(p.Total == 0 ? 1 : (double)p.Done / p.Total,
            $"{p.Done:N0}/{p.Total:N0} · {p.Rate:0.0}/s · {p.CompletionTokens:N0} tokens · {p.Failed} failed · {stats.Retries} retries");
    }
}
