using System.CommandLine;
using LlmDistill.Core.Errors;
using LlmDistill.Generation.Resilience;
using LlmDistill.Generation.Teachers;
using LlmDistill.Generation.Teachers.Gguf;
using LlmDistill.Generation.Teachers.OpenAi;

namespace LlmDistill.Cli.Commands;

/// <summary>The options that choose and reach a teacher, shared by <c>generate</c>, <c>instruct</c> and <c>eval</c>.</summary>
internal sealed class TeacherOptions
{
    public Option<string> Kind { get; } = new("--teacher")
    {
        Description = "Teacher kind: openai (any OpenAI-compatible endpoint), azure (Azure OpenAI) or gguf (a local model run by llama.cpp).",
        Required = true,
    };

    /// <summary>The chosen kind is a remote endpoint (not a local GGUF).</summary>
    public bool IsRemote(ParseResult parse) => parse.GetValue(Kind) is "openai" or "azure";

    public Option<string> Model { get; } = new("--model")
    {
        Description = "openai: the model name; azure: the deployment name; gguf: the path of the .gguf file.",
        Required = true,
    };

    public Option<string[]> Endpoints { get; } = new("--endpoint")
    {
        Description = "openai: API base URL (e.g. http://127.0.0.1:8080/v1; default api.openai.com); azure: https://NAME.openai.azure.com. Repeat to spread requests over several endpoints.",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string?> KeyVariable { get; } = new("--api-key-env")
    {
        Description = "Name of the environment variable holding the API key (default OPENAI_API_KEY, or AZURE_OPENAI_API_KEY; Azure without a key uses Entra ID). Keys are never read from the command line.",
    };

    public Option<int> Parallel { get; } = new("--parallel")
    {
        Description = "gguf: sequences decoded together in one llama.cpp batch.",
        DefaultValueFactory = _ => 8,
    };

    public Option<int?> Threads { get; } = new("--threads")
    {
        Description = "gguf: CPU threads for llama.cpp (default: one per core).",
    };

    public Option<int?> Rpm { get; } = new("--rpm") { Description = "Requests per minute allowed per endpoint (default: no limit)." };

    public Option<int?> Tpm { get; } = new("--tpm") { Description = "Estimated tokens per minute allowed per endpoint (default: no limit)." };

    public Option<int> Retries { get; } = new("--retries")
    {
        Description = "Retries per request on 429/5xx/time-outs, honouring Retry-After.",
        DefaultValueFactory = _ => 6,
    };

    public Option<double> Timeout { get; } = new("--timeout")
    {
        Description = "Seconds one attempt may take before it is abandoned and retried.",
        DefaultValueFactory = _ => 120,
    };

    public void AddTo(Command command)
    {
        Kind.AcceptOnlyFromAmong("openai", "azure", "gguf");
        foreach (var option in new Option[] { Kind, Model, Endpoints, KeyVariable, Parallel, Threads, Rpm, Tpm, Retries, Timeout })
            command.Options.Add(option);
    }

    /// <summary>The teacher, with one resilience pipeline per endpoint (a local model needs none).</summary>
    public ITeacher Create(ParseResult parse, ResilienceStats stats)
    {
        var kind = parse.GetValue(Kind)!;
        var model = parse.GetValue(Model)!;
        var endpoints = parse.GetValue(Endpoints) ?? [];
        var resilience = new ResilienceOptions
        {
            MaxRetries = parse.GetValue(Retries),
            AttemptTimeout = TimeSpan.FromSeconds(parse.GetValue(Timeout)),
            RequestsPerMinute = parse.GetValue(Rpm),
            TokensPerMinute = parse.GetValue(Tpm),
        };
        CommandRunner.ValidateOptions(resilience.Validate);
        switch (kind)
        {
            case "gguf":
                if (endpoints.Length > 0)
                    throw new InvalidInputException("--endpoint is for openai and azure teachers; a gguf teacher is the file given by --model");
                return GgufTeacher.Load(model, parse.GetValue(Parallel), threads: parse.GetValue(Threads));
            case "azure":
                if (endpoints.Length == 0)
                    throw new InvalidInputException("an azure teacher needs --endpoint https://NAME.openai.azure.com");
                return Pool(endpoints.Select(e => OpenAiTeachers.CreateAzure(e, model,
                    parse.GetValue(KeyVariable) ?? OpenAiTeachers.DefaultAzureKeyVariable)), resilience, stats);
            default:
                var urls = endpoints.Length == 0 ? [null] : endpoints.Select(e => (string?)e);
                return Pool(urls.Select(u => OpenAiTeachers.Create(model, u,
                    parse.GetValue(KeyVariable) ?? OpenAiTeachers.DefaultKeyVariable)), resilience, stats);
        }
    }

    /// <summary>What goes into a manifest: the choices, never a key (only the variable's name).</summary>
    public Dictionary<string, string> Describe(ParseResult parse) => new()
    {
        ["teacher"] = parse.GetValue(Kind)!,
        ["model"] = parse.GetValue(Model)!,
        ["endpoints"] = string.Join(" ", parse.GetValue(Endpoints) ?? []),
        ["api_key_env"] = parse.GetValue(KeyVariable) ?? "",
    };

    private static ITeacher Pool(IEnumerable<ITeacher> members, ResilienceOptions resilience, ResilienceStats stats)
    {
        var list = members.Select(m => (ITeacher)new ResilientTeacher(m, resilience, stats)).ToList();
        return list.Count == 1 ? list[0] : new TeacherPool(list);
    }
}
