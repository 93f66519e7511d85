using System.CommandLine;
using System.Diagnostics;
using LlmDistill.Cli.Output;
using LlmDistill.Core.Errors;
using LlmDistill.Core.Prompts;
using LlmDistill.Evaluation;
using LlmDistill.Evaluation.Metrics;
using LlmDistill.Evaluation.Prompts;
using LlmDistill.Evaluation.Sources;
using LlmDistill.Evaluation.Teachers;
using LlmDistill.Generation.Resilience;
using LlmDistill.Generation.Tasks;
using LlmDistill.Generation.Teachers;
using LlmDistill.Gguf;

namespace LlmDistill.Cli.Commands;

/// <summary><c>llm-distill eval</c>: score a model on a test split, with speed and size.</summary>
internal static class EvalCommand
{
    public static Command Create(AppConsole console)
    {
        var teacher = new TeacherOptions();
        teacher.Kind.Required = false;
        teacher.Kind.DefaultValueFactory = _ => "gguf";
        teacher.Kind.Description = "What runs the model: gguf (a local file through llama.cpp; the default), openai or azure (an endpoint, scored with the same parser).";
        var tasks = new Option<FileInfo>("--tasks") { Description = "The test split: any task file with reference answers.", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for predictions.parquet and metrics.json.", Required = true };
        var format = new Option<string>("--format") { Description = "How questions are asked: step-by-step (reason, then answer), step-by-step-answer (its answer head alone), cot or answer-only (a student's training format), template (a chat prompt from --template), or auto: the format a student exported by llm-distill records, else template.", DefaultValueFactory = _ => "auto" };
        var template = new Option<string>("--template") { Description = "With --format template: a name in prompts/ or a path.", DefaultValueFactory = _ => "step-by-step" };
        var role = new Option<ModelRole>("--role") { Description = "teacher, student or baseline: how the report groups this run.", DefaultValueFactory = _ => ModelRole.Student };
        var labels = new Option<string[]>("--label") { Description = "KEY=VALUE labels for the report (e.g. objective=step-by-step); repeatable.", AllowMultipleArgumentsPerToken = true };
        var teacherAnswers = new Option<string?>("--teacher-answers") { Description = "A generation run, eval folder or predictions.parquet of the teacher: adds agreement and rationale ROUGE-L." };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Longest answer, in tokens.", DefaultValueFactory = _ => 256 };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace a finished evaluation in --out." };
        format.AcceptOnlyFromAmong("auto", "step-by-step", "step-by-step-answer", "cot", "answer-only", "template");
        var command = new Command("eval", "Score a model (a GGUF through llama.cpp, or an endpoint) on a test split: accuracy with a 95% interval, parse failures, agreement with the teacher, speed, size, memory.")
        {
            tasks, output, format, template, role, labels, teacherAnswers, maxTokens, overwrite,
        };
        teacher.AddTo(command);
        command.SetAction(console, async (parse, ct) =>
        {
            var items = (await TaskFileReader.ReadAsync(parse.GetValue(tasks)!.FullName, cancellationToken: ct)).Items;
            var chosen = parse.GetValue(format)!;
            if (chosen == "auto")
                chosen = teacher.IsRemote(parse) ? "template" : RecordedFormat(parse.GetValue(teacher.Model)!) ?? "template";
            var questionFormat = chosen switch
            {
                "step-by-step" => QuestionFormat.StepByStep(),
                "step-by-step-answer" => QuestionFormat.StepByStepAnswer(),
                "cot" => QuestionFormat.Student(StudentFormat.Target.ChainOfThought),
                "answer-only" => QuestionFormat.Student(StudentFormat.Target.Answer),
                _ => QuestionFormat.Template(PromptTemplate.Resolve(parse.GetValue(template)!, Paths.Prompts)),
            };
            var options = new EvaluationOptions
            {
                OutputDirectory = parse.GetValue(output)!.FullName,
                Format = questionFormat,
                Role = parse.GetValue(role),
                TasksPath = parse.GetValue(tasks)!.FullName,
                MaxTokens = parse.GetValue(maxTokens),
                Labels = ParseLabels(parse.GetValue(labels) ?? []),
                Overwrite = parse.GetValue(overwrite),
                Teacher = parse.GetValue(teacherAnswers) is { } answers ? await TeacherAnswers.LoadAsync(answers, ct) : null,
            };

            var result = await console.ProgressAsync("eval", async display =>
            {
                options = options with
                {
                    Progress = new SyncProgress<EvaluationProgress>(p => display.Update(
                        p.Total == 0 ? 1 : (double)p.Completed / p.Total, $"{p.Completed}/{p.Total} · {p.Correct} correct")),
                };
                if (!teacher.IsRemote(parse))
                {
                    return await EvaluationRunner.RunGgufAsync(parse.GetValue(teacher.Model)!, items, options,
                        new GgufAnswerSourceOptions { Threads = parse.GetValue(teacher.Threads), ParallelSequences = parse.GetValue(teacher.Parallel) }, ct);
                }
                var client = teacher.Create(parse, new ResilienceStats());
                await using var source = Remote(client);
                return await EvaluationRunner.RunAsync(source, items, options, ct);
            });

            var m = result.Metrics;
            console.Info($"accuracy {m.Accuracy.Value:P1} ({m.Accuracy.Correct}/{m.Accuracy.Total}, 95% CI {m.Accuracy.CiLow:P1}–{m.Accuracy.CiHigh:P1}), " +
                $"parse failures {m.ParseFailureRate:P1}, {m.Speed.TokensPerSecond:0.#} tokens/s");
            console.Result(result.OutputDirectory);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The prompt format a student was trained with, as its GGUF records it (<c>llm_distill.format</c>).</summary>
    private static string? RecordedFormat(string path)
    {
        var recorded = GgufFile.Read(path).GetStringOrDefault(StudentFormat.MetadataKey);
        return recorded is "step-by-step" or "answer-only" or "cot" ? recorded : null;
    }

    private static DelegateAnswerSource Remote(ITeacher teacher) =>
        new(new ModelDescription(teacher.Name), parallelism: 8, async (request, ct) =>
        {
            var clock = Stopwatch.StartNew();
            try
            {
                var response = await teacher.CompleteAsync(new TeacherRequest(request.AsMessages())
                {
                    Temperature = request.Temperature,
                    MaxTokens = request.MaxTokens,
                    Stop = request.StopStrings,
                }, ct);
                return new AnswerCompletion(response.Text, response.FinishReason, response.PromptTokens,
                    response.CompletionTokens ?? 0, clock.Elapsed.TotalMilliseconds);
            }
            catch (TeacherException e) when (e.StatusCode is not (401 or 403))
            {
                return new AnswerCompletion("", EvaluationRunner.FailedPrefix + e.Reason, null, 0, clock.Elapsed.TotalMilliseconds);
            }
        }, teacher.DisposeAsync);

    private static Dictionary<string, string> ParseLabels(string[] pairs)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0)
                throw new InvalidInputException($"invalid option --label: '{pair}' is not KEY=VALUE");
            labels[pair[..at]] = pair[(at + 1)..];
        }
        return labels;
    }
}
