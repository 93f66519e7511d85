using System.CommandLine;
using LlmDistill.Cli.Output;
using LlmDistill.Core.Errors;
using LlmDistill.Serving;
using LlmDistill.Serving.Faults;

namespace LlmDistill.Cli.Commands;

/// <summary><c>llm-distill serve MODEL.gguf</c>: an OpenAI-compatible endpoint over a GGUF model.</summary>
internal static class ServeCommand
{
    public static Command Create(AppConsole console)
    {
        var model = new Argument<FileInfo>("model") { Description = "The GGUF model to serve (a distilled student, or a teacher)." };
        var host = new Option<string>("--host") { Description = "Address to bind. Loopback by default; anything else exposes the model to the network.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "Port to listen on (0 picks a free one).", DefaultValueFactory = _ => 8080 };
        var keyVariable = new Option<string>("--api-key-env") { Description = "Environment variable holding the API key clients must send; unset or empty means no key.", DefaultValueFactory = _ => ServeOptions.DefaultApiKeyEnvironmentVariable };
        var parallel = new Option<int>("--parallel") { Description = "Requests decoded together in one llama.cpp batch.", DefaultValueFactory = _ => 4 };
        var context = new Option<int>("--ctx") { Description = "Context size per request, in tokens.", DefaultValueFactory = _ => 2048 };
        var threads = new Option<int?>("--threads") { Description = "CPU threads for llama.cpp (default: one per core)." };
        var alias = new Option<string?>("--alias") { Description = "Model name clients use (default: the file name)." };
        var template = new Option<string?>("--chat-template") { Description = "A llama.cpp chat template name (e.g. chatml) for models without one." };
        var faults = new Option<double>("--faults") { Description = "Testing: probability that a request gets an injected fault.", DefaultValueFactory = _ => 0 };
        var faultMix = new Option<string?>("--fault-mix") { Description = "Testing: relative weights of faults, e.g. 429:4,500:2,503:2,stall:1,malformed:1,drop:1." };
        var faultSeed = new Option<int>("--fault-seed") { Description = "Testing: seed for the fault sequence.", DefaultValueFactory = _ => 0 };
        var command = new Command("serve", "Serve a GGUF model over OpenAI-compatible HTTP (/v1/chat/completions, /v1/completions, streaming, logprobs) and Azure's route shape.")
        {
            model, host, port, keyVariable, parallel, context, threads, alias, template, faults, faultMix, faultSeed,
        };
        command.SetAction(console, async (parse, ct) =>
        {
            ServeOptions options;
            try
            {
                var injection = new FaultInjection { Probability = parse.GetValue(faults), Seed = parse.GetValue(faultSeed) };
                if (parse.GetValue(faultMix) is { } mix)
                    injection = injection with { Weights = FaultInjection.ParseWeights(mix) };
                options = new ServeOptions
                {
                    ModelPath = parse.GetValue(model)!.FullName,
                    Host = parse.GetValue(host)!,
                    Port = parse.GetValue(port),
                    ApiKeyEnvironmentVariable = parse.GetValue(keyVariable),
                    ParallelSequences = parse.GetValue(parallel),
                    ContextSize = parse.GetValue(context),
                    Threads = parse.GetValue(threads),
                    ModelAlias = parse.GetValue(alias),
                    ChatTemplate = parse.GetValue(template),
                    Faults = injection,
                };
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                throw new InvalidInputException($"invalid option: {e.Message.Split(" (Parameter", 2)[0]}");
            }

            await using var server = await OpenAiCompatibleServer.StartAsync(options, ct);
            console.Info($"serving '{server.ModelName}' at {server.BaseUrl}/v1 " +
                $"({(server.RequiresApiKey ? "API key required" : "no API key")}); Ctrl-C stops");
            console.Result($"{server.BaseUrl}/v1");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                console.Info("stopping");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
