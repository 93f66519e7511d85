#:project ../src/LlmDistill.Generation/LlmDistill.Generation.csproj
#:project ../src/LlmDistill.Serving/LlmDistill.Serving.csproj
#:property PublishAot=false
// Generator benchmark (issue 4). (a) Local GGUF: generated tokens/s with P parallel sequences in one
// llama.cpp context (continuous batching), the same requests each time; P = 1 is the in-process
// reference for the scaling ratio. (b) HTTP teacher path: per-request cost against our own server with a
// zero-latency scripted backend on 127.0.0.1, called directly, by raw HttpClient, through the OpenAI SDK,
// and through the SDK inside the resilience pipeline; the differences are the overheads. Run via scripts/bench-generate.
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Text;
using LlmDistill.Core.Prompts;
using LlmDistill.Generation.Resilience;
using LlmDistill.Generation.Teachers;
using LlmDistill.Generation.Teachers.OpenAi;
using LlmDistill.Gguf.Llama;
using LlmDistill.Gguf.Tokenizer;
using LlmDistill.Llama;
using LlmDistill.Llama.Generation;
using LlmDistill.Serving;
using LlmDistill.Serving.Backend;
using OpenAI.Chat;
using ChatMessage = LlmDistill.Core.Prompts.ChatMessage;

var opts = Args.Parse(args);
Console.WriteLine($"{Environment.ProcessorCount} processors, load average {LoadAverage()}");
if (!opts.SkipLocal)
    await LocalGeneration.RunAsync(opts);
if (!opts.SkipHttp)
    await HttpOverhead.RunAsync(opts);
Console.WriteLine($"peak RSS (VmHWM) {PeakRssMb()} MB; load average now {LoadAverage()}");
return 0;

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static string PeakRssMb()
{
    var line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) : null;
    return line is null ? "n/a" : $"{long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024}";
}

internal static class LocalGeneration
{
    public static async Task RunAsync(Args opts)
    {
        var dir = Directory.CreateTempSubdirectory("llmdistill-bench-generate-").FullName;
        try
        {
            var path = opts.Model ?? Path.Combine(dir, "student.gguf");
            if (opts.Model is null)
                StudentGguf.Write(path);
            using var model = LlamaModel.Load(path);
            // Default 1: ggml's threads meet at a barrier after every op, so on a machine busier than its
            // cores (shared CI, other builds) more threads than free cores stall every step.
            var threads = opts.Threads > 0 ? opts.Threads : Environment.ProcessorCount;
            Console.WriteLine($"local GGUF {(opts.Model is null ? "random student (n_embd 256, 4 layers, n_ff 1024, F32)" : path)}: " +
                              $"vocab {model.VocabSize}, {opts.Requests} requests × {opts.Tokens} tokens (prompt {opts.PromptTokens}), greedy, {threads} threads, best of {opts.Repeat}");
            var requests = Requests(model, opts);
            var context = opts.PromptTokens + opts.Tokens + 16;
            // One context per P, run round-robin (one full run each per round) so that load from other
            // processes hits every P alike; the ratio is against the first P's best run (P = 1 by default).
            var contexts = opts.Parallel.Select(p => model.CreateContext(new LlamaContextOptions { SequenceCount = p, ContextSize = context, Threads = threads })).ToArray();
            try
            {
                foreach (var ctx in contexts)
                    await ctx.GenerateAsync(requests.Take(ctx.SequenceCount).Select(r => r with { MaxTokens = 8 }).ToList()); // warm-up
                var runs = contexts.Select(_ => new List<double>()).ToArray();
                var endedEarly = new int[contexts.Length];
                var tokens = new long[contexts.Length]; // equal unless a real model (--model) ends some requests early
                for (var r = 0; r < opts.Repeat; r++)
                {
                    for (var i = 0; i < contexts.Length; i++)
                    {
                        var watch = Stopwatch.StartNew();
                        var results = await contexts[i].GenerateAsync(requests);
                        runs[i].Add(watch.Elapsed.TotalSeconds);
                        tokens[i] = results.Sum(x => (long)x.Tokens.Count);
                        endedEarly[i] = results.Count(x => x.Tokens.Count < opts.Tokens);
                    }
                }
                var reference = tokens[0] / runs[0].Min();
                for (var i = 0; i < contexts.Length; i++)
                {
                    var (p, best, median) = (opts.Parallel[i], runs[i].Min(), runs[i].Order().ElementAt(runs[i].Count / 2));
                    var steps = Math.Ceiling((double)opts.Requests / p) * opts.Tokens;
                    Console.WriteLine($"  P={p,-3} {tokens[i] / best,7:F0} tokens/s (median {tokens[i] / median,5:F0})  ×{tokens[i] / best / reference:F2} vs P={opts.Parallel[0]}  " +
                                      $"{1000 * best / steps:F2} ms per decode step of ≤{p} tokens" +
                                      (endedEarly[i] > 0 ? $"  [{endedEarly[i]} requests ended early]" : ""));
                }
            }
            finally
            {
                foreach (var ctx in contexts)
                    ctx.Dispose();
            }
            LlamaCppBatchedBench(path, opts, threads, context);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // Distinct prompts (random byte tokens, seeded) so that no request is a copy of another.
    private static List<GenerationRequest> Requests(LlamaModel model, Args opts)
    {
        var random = new Random(7);
        var top = Math.Min(256, model.VocabSize);
        return Enumerable.Range(0, opts.Requests)
            .Select(_ => new GenerationRequest
            {
                PromptTokens = Enumerable.Range(0, opts.PromptTokens).Select(_ => random.Next(top)).ToArray(),
                MaxTokens = opts.Tokens,
            })
            .ToList();
    }

    // llama.cpp's own batched throughput for the same model, when its tool is at hand.
    private static void LlamaCppBatchedBench(string path, Args opts, int threads, int context)
    {
        var tool = Environment.GetEnvironmentVariable("LLAMA_BATCHED_BENCH") ?? FindOnPath("llama-batched-bench");
        if (tool is null)
        {
            Console.WriteLine("  llama.cpp reference: skipped — no llama-batched-bench on PATH (the pinned npm package " +
                              "@node-llama-cpp/linux-x64 ships only libraries, no tools); set LLAMA_BATCHED_BENCH=/path/to/llama-batched-bench to compare");
            return;
        }
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-m", path, "-c", $"{context * opts.Parallel.Max()}", "-b", "512", "-ub", "512", "-t", $"{threads}",
                     "-npp", $"{opts.PromptTokens}", "-ntg", $"{opts.Tokens}", "-npl", string.Join(',', opts.Parallel) })
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Console.WriteLine($"  llama.cpp reference ({tool}, S_TG = generation tokens/s):");
        foreach (var line in stdout.Result.Split('\n').Where(l => l.StartsWith('|')))
            Console.WriteLine("    " + line);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}

/// <summary>
/// A random llama model shaped like a small student, written with our own writer. Weights are scaled by
/// 1/√fan-in so activations stay O(1); the output head's rows for the control tokens (BOS, EOS) are zero,
/// so their logit is 0 while the best of the other 266 is almost surely positive: greedy decoding never
/// ends early and every request generates exactly MaxTokens tokens.
/// </summary>
internal static class StudentGguf
{
    public static void Write(string path)
    {
        var vocab = ByteLevelBpeVocabulary.Create();
        var p = new LlamaHyperParameters(vocab.Tokens.Length, embeddingLength: 256, blockCount: 4, headCount: 4, headCountKv: 4,
            feedForwardLength: 1024, contextLength: 4096);
        var random = new Random(11);
        var output = new float[p.VocabSize * p.EmbeddingLength]; // (vocab, n_embd), one row per token
        for (var i = 0; i < output.Length; i++)
            output[i] = (float)(Normal(random) * 3 / Math.Sqrt(p.EmbeddingLength));
        foreach (var control in new[] { vocab.BosId!.Value, vocab.EosId!.Value })
            Array.Clear(output, control * p.EmbeddingLength, p.EmbeddingLength);
        new LlamaGgufWriter(p, name: "bench-student")
            .SetTokenizer(vocab)
            .SetTensor("output.weight", output)
            .FillRandom(12, spec => spec.Name == "token_embd.weight" ? 1f : 1f / MathF.Sqrt(spec.Shape[0]))
            .Write(path);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

internal static class HttpOverhead
{
    private const string Answer = "4*12=48. #### 48";
    private static readonly IReadOnlyList<ChatMessage> Messages = [new("user", "What is 4*12? Think step by step.")];

    public static async Task RunAsync(Args opts)
    {
        await using var backend = new ScriptedCompletionBackend(_ => Answer);
        await using var server = await OpenAiCompatibleServer.StartAsync(
            new ServeOptions { ApiKeyEnvironmentVariable = null, ModelAlias = "bench", MaxQueuedRequests = 1024 }, backend);
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        // An unset key variable: the SDK sends a placeholder key, never one from this environment.
        var sdk = OpenAiTeachers.Create("bench", server.BaseUrl + "/v1", keyVariable: "LLM_DISTILL_BENCH_UNSET_KEY");
        await using var resilient = new ResilientTeacher(sdk, new ResilienceOptions());
        var body = $$"""{"model":"bench","messages":[{"role":"user","content":"{{Messages[0].Content}}"}],"max_tokens":64,"temperature":0}""";
        var teacherRequest = new TeacherRequest(Messages) { MaxTokens = 64 };

        var paths = new (string Name, Func<Task<string>> Call)[]
        {
            ("direct backend (no HTTP)", () => Direct(backend)),
            ("raw HttpClient POST", () => Raw(http, body)),
            ("OpenAI SDK teacher", async () => (await sdk.CompleteAsync(teacherRequest, CancellationToken.None)).Text),
            ("SDK + ResilientTeacher", async () => (await resilient.CompleteAsync(teacherRequest, CancellationToken.None)).Text),
        };
        foreach (var (name, call) in paths)
        {
            var text = await call();
            if (text != Answer && !text.Contains(Answer, StringComparison.Ordinal))
                throw new InvalidOperationException($"{name} answered '{text}'");
        }
        // Attribution, not a path: the SDK's model (de)serialisation alone, no I/O: the request options
        // written and the server's actual response read into a ChatCompletion.
        var responseJson = BinaryData.FromString(await Raw(http, body));
        var sdkOptions = new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 64 };
        Func<Task<string>> sdkJson = () =>
        {
            _ = ModelReaderWriter.Write(sdkOptions);
            return Task.FromResult(string.Concat(ModelReaderWriter.Read<ChatCompletion>(responseJson)!.Content.Select(c => c.Text)));
        };

        Console.WriteLine($"HTTP path: {opts.HttpRequests} requests per run against {server.BaseUrl} (zero-latency scripted backend), best of {opts.Repeat}");
        // Paths run round-robin, one full run each per round, so that drift on a shared machine (other
        // processes, background JIT) hits all of them alike; best and median of the rounds are shown.
        var timed = paths.Append((Name: "SDK JSON only (no I/O)", Call: sdkJson)).ToArray();
        foreach (var concurrency in new[] { 1, 16 })
        {
            foreach (var (_, call) in timed)
                await Drive(call, Math.Min(500, opts.HttpRequests), concurrency); // warm-up: JIT, connections
            var runs = timed.Select(_ => new List<double>()).ToArray();
            for (var r = 0; r < opts.Repeat; r++)
            {
                for (var i = 0; i < timed.Length; i++)
                    runs[i].Add(await Drive(timed[i].Call, opts.HttpRequests, concurrency) * 1e6 / opts.HttpRequests);
            }
            var us = runs.Select(x => x.Min()).ToArray();
            Console.WriteLine($"  concurrency {concurrency} (µs per request = wall time / requests; best, median):");
            for (var i = 0; i < timed.Length; i++)
            {
                var median = runs[i].Order().ElementAt(runs[i].Count / 2);
                var overhead = i is 0 or 4 ? "" : $"   overhead over direct {us[i] - us[0],7:F1} µs";
                Console.WriteLine($"    {timed[i].Name,-26} {us[i],7:F1} µs  {median,7:F1} µs{overhead}");
            }
            Console.WriteLine($"    ratios: raw HTTP / direct ×{us[1] / us[0]:F1}; SDK / raw HTTP ×{us[2] / us[1]:F2}; " +
                              $"SDK+resilience / raw HTTP ×{us[3] / us[1]:F2}; resilience alone +{us[3] - us[2]:F1} µs");
        }
        var stats = resilient.Stats;
        Console.WriteLine($"  resilient teacher: {stats.Attempts} attempts, {stats.Retries} retries (must be 0 against a healthy endpoint)");
    }

    // What the server does per request minus HTTP: format the chat, start the job, drain its tokens.
    private static async Task<string> Direct(ScriptedCompletionBackend backend)
    {
        var job = backend.Start(new CompletionRequest { Prompt = backend.FormatChat(Messages), MaxTokens = 64, Temperature = 0 }, CancellationToken.None);
        var text = new StringBuilder();
        await foreach (var token in job.Tokens)
            text.Append(token.Text);
        return text.ToString();
    }

    private static async Task<string> Raw(HttpClient http, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        response.EnsureSuccessStatusCode();
        return text;
    }

    // Runs `count` calls with `concurrency` workers pulling from one counter; returns the wall time in seconds.
    private static async Task<double> Drive(Func<Task<string>> call, int count, int concurrency)
    {
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < count)
                await call();
        })));
        return watch.Elapsed.TotalSeconds;
    }
}

internal sealed record Args(string? Model, int Threads, int[] Parallel, int Requests, int Tokens, int PromptTokens, int Repeat,
    int HttpRequests, bool SkipLocal, bool SkipHttp)
{
    public static Args Parse(string[] argv)
    {
        var a = new Args(null, 1, [1, 4, 16], 64, 128, 16, 5, 2000, false, false);
        for (var i = 0; i < argv.Length; i++)
        {
            string Value() => i + 1 < argv.Length ? argv[++i] : throw new ArgumentException($"{argv[i]} needs a value");
            a = argv[i] switch
            {
                "--model" => a with { Model = Value() },
                "--threads" => a with { Threads = int.Parse(Value()) },
                "--parallel" => a with { Parallel = Value().Split(',').Select(int.Parse).ToArray() },
                "--requests" => a with { Requests = int.Parse(Value()) },
                "--tokens" => a with { Tokens = int.Parse(Value()) },
                "--prompt-tokens" => a with { PromptTokens = int.Parse(Value()) },
                "--repeat" => a with { Repeat = int.Parse(Value()) },
                "--http-requests" => a with { HttpRequests = int.Parse(Value()) },
                "--skip-local" => a with { SkipLocal = true },
                "--skip-http" => a with { SkipHttp = true },
                _ => throw new ArgumentException($"unknown option {argv[i]} (--model --threads --parallel --requests --tokens --prompt-tokens --repeat --http-requests --skip-local --skip-http)"),
            };
        }
        if (a.Parallel.Length == 0 || a.Parallel.Any(p => p < 1) || a.Requests < 1 || a.Tokens < 1 || a.PromptTokens < 1 || a.Repeat < 1 || a.HttpRequests < 1)
            throw new ArgumentException("counts must be positive");
        return a;
    }
}
