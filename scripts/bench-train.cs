#:project ../src/LlmDistill.Training/LlmDistill.Training.csproj
#:property PublishAot=false
// Trainer benchmark: tokens/s, model FLOPs utilisation against this machine's measured fp32 matmul
// peak, and resident memory over a run (flat after warm-up = no native leak); then the same model and
// batch shape in plain PyTorch (scripts/bench_train_torch.py), as a ratio. Run via scripts/bench-train.
using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using LlmDistill.Core.Tasks;
using LlmDistill.Training.Data;
using LlmDistill.Training.Model;
using LlmDistill.Training.Runtime;
using LlmDistill.Training.Trainer;
using TorchSharp;
using static TorchSharp.torch;

var opts = Args.Parse(args);
TorchRuntime.EnsureLoaded();
if (opts.Threads > 0)
    set_num_threads(opts.Threads);

var tokenizer = new ByteTokenizer();
var records = DistillRecords.FromTaskItems(ArithmeticWordProblems.Generate(4000, seed: 1)).ToArray();
var config = StudentConfig.Preset(opts.Preset, tokenizer.VocabSize, contextLength: 256);
var objective = new Objective(Objective.ParseKind(opts.Objective));
var meanLength = new ExampleEncoder(tokenizer, objective, config.ContextLength).Encode(records.Take(500))
    .SelectMany(g => g).Average(e => e.Tokens.Length - 1.0);
var flopsPerToken = config.TrainingFlopsPerToken((int)Math.Round(meanLength));
var peak = MatmulPeak(opts.Device);

var warmup = Math.Min(50, opts.Steps / 5);
var samples = new List<(int Step, double Seconds, long Tokens, long Rss)>();
var clock = Stopwatch.StartNew();
var options = new TrainerOptions
{
    Steps = opts.Steps, BatchSize = opts.Batch, Device = opts.Device, Bf16 = opts.Bf16, EvalEvery = 0, CheckpointEvery = 0,
    WarmupSteps = warmup, LogEvery = 50,
};
const double validationFraction = 0.05;
var shapes = BatchShapes(config, tokenizer, objective, options, records, validationFraction);
var dir = Path.Combine(Path.GetTempPath(), "llmdistill-bench-train", Guid.NewGuid().ToString("N"));
long parameters;
string device;
using (var trainer = DistillTrainer.Create(config, tokenizer, objective, options, records, validationFraction, dir))
{
    parameters = trainer.Model.CountParameters();
    device = trainer.Model.parameters().First().device.ToString().ToLowerInvariant();
    Console.WriteLine($"model {opts.Preset}: {parameters / 1e6:F2}M parameters, {opts.Objective}, batch {opts.Batch}, " +
                      $"mean sequence {meanLength:F0} tokens, {get_num_threads()} threads, device {device}");
    trainer.Run(new Progress(p => samples.Add((p.Step, clock.Elapsed.TotalSeconds, p.TokensSeen, Environment.WorkingSet))));
}
Directory.Delete(dir, recursive: true);
peak = Math.Max(peak, MatmulPeak(opts.Device)); // best of before and after: the machine may be shared

var (w, end) = (samples[warmup - 1], samples[^1]);
var tokensPerSecond = (end.Tokens - w.Tokens) / (end.Seconds - w.Seconds);
var achieved = tokensPerSecond * flopsPerToken;
var mb = 1048576.0;
Console.WriteLine($"steps {opts.Steps} (first {warmup} excluded from rates): {1000 * (end.Seconds - w.Seconds) / (end.Step - w.Step):F1} ms/step, {tokensPerSecond:F0} tokens/s");
Console.WriteLine($"model FLOPs {flopsPerToken / 1e6:F2} MFLOP/token → {achieved / 1e9:F2} GFLOP/s; fp32 matmul peak here {peak / 1e9:F1} GFLOP/s → MFU {100 * achieved / peak:F1} %");
Console.WriteLine("RSS trace (step: MB): " + string.Join(", ",
    Enumerable.Range(1, 10).Select(i => samples[i * samples.Count / 10 - 1]).Select(s => $"{s.Step}: {s.Rss / mb:F0}")));
Console.WriteLine($"RSS after warm-up {w.Rss / mb:F0} MB, peak {samples.Max(s => s.Rss) / mb:F0} MB, growth after warm-up {(samples.Skip(warmup).Max(s => s.Rss) - w.Rss) / mb:F0} MB");

// Rows are padded to their batch's longest: the model computes every position, real or not. PyTorch runs
// one fixed batch × sequence of the same mean size, and the ratio compares positions computed per second.
var timed = shapes.Skip(warmup).ToArray();
var positionsPerSecond = timed.Sum(s => s.Positions) / (end.Seconds - w.Seconds);
var sequence = (int)Math.Round(timed.Average(s => s.Positions) / opts.Batch);
Console.WriteLine($"padded batches after warm-up: mean {timed.Average(s => s.Rows):F1} rows × {timed.Average(s => s.Positions / (double)s.Rows):F1} positions, " +
                  $"{100.0 * timed.Sum(s => s.Tokens) / timed.Sum(s => s.Positions):F0} % real tokens → {positionsPerSecond:F0} positions/s");
if (shapes.Sum(s => s.Tokens) != end.Tokens)
    Console.WriteLine($"note: the replayed batches hold {shapes.Sum(s => s.Tokens)} tokens, the trainer counted {end.Tokens}: the shapes above are estimates");
if (opts.NoTorch)
    return 0;
var reference = new TorchReference(opts.TorchPython, opts.TorchScript);
return reference.Compare(config, objective.Targets.Count, opts, sequence, warmup, get_num_threads(), device, parameters, positionsPerSecond, peak);

// The trainer's batches replayed without tensors: the same split, encoding and loader as DistillTrainer.Create.
static (int Rows, long Positions, long Tokens)[] BatchShapes(StudentConfig config, IStudentTokenizer tokenizer, Objective objective,
    TrainerOptions options, IReadOnlyList<DistillRecord> records, double validationFraction)
{
    var (train, _) = DatasetSplit.Split(records, validationFraction, options.Seed);
    var loader = new BatchLoader(new ExampleEncoder(tokenizer, objective, config.ContextLength).Encode(train), options.BatchSize, options.Seed);
    return Enumerable.Range(0, options.Steps * options.GradientAccumulation).Select(_ =>
    {
        var rows = loader.Next().Select(r => r.Sum(e => e.Tokens.Length)).ToArray();
        var length = rows.Max() - 1; // Batch.Collate's T
        return (rows.Length, (long)rows.Length * length, rows.Sum(r => (long)Math.Min(r, length + 1) - 1));
    }).ToArray();
}

// Best of several 2048³ fp32 matmuls: what this machine's BLAS reaches, the denominator of MFU.
static double MatmulPeak(string device)
{
    var target = DeviceSelector.Resolve(device);
    using var scope = NewDisposeScope();
    const int n = 2048;
    var a = randn(n, n, device: target);
    var b = randn(n, n, device: target);
    var best = double.MaxValue;
    for (var i = 0; i < 5; i++)
    {
        var watch = Stopwatch.StartNew();
        using var c = a.matmul(b);
        _ = c[0, 0].item<float>(); // synchronise (CUDA)
        best = Math.Min(best, watch.Elapsed.TotalSeconds);
    }
    return 2.0 * n * n * n / best;
}

internal sealed record Args(string Preset, int Steps, int Batch, int Threads, string Objective, string Device, bool Bf16,
    string? TorchPython = null, string? TorchScript = null, bool NoTorch = false)
{
    public static Args Parse(string[] argv)
    {
        var a = new Args("tiny", 500, 32, 0, "step-by-step", "cpu", false);
        for (var i = 0; i < argv.Length; i++)
        {
            string Value() => i + 1 < argv.Length ? argv[++i] : throw new ArgumentException($"{argv[i]} needs a value");
            a = argv[i] switch
            {
                "--preset" => a with { Preset = Value() },
                "--steps" => a with { Steps = int.Parse(Value()) },
                "--batch" => a with { Batch = int.Parse(Value()) },
                "--threads" => a with { Threads = int.Parse(Value()) },
                "--objective" => a with { Objective = Value() },
                "--device" => a with { Device = Value() },
                "--bf16" => a with { Bf16 = true },
                "--torch-python" => a with { TorchPython = Value() },
                "--torch-script" => a with { TorchScript = Value() },
                "--no-torch" => a with { NoTorch = true },
                _ => throw new ArgumentException($"unknown option {argv[i]} (--preset --steps --batch --threads --objective --device --bf16 " +
                                                 "--torch-python --torch-script --no-torch)"),
            };
        }
        return a;
    }
}

internal sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => report(value);
}

// Runs scripts/bench_train_torch.py at the trainer's shapes and prints TorchSharp ÷ PyTorch.
internal sealed class TorchReference(string? python, string? script)
{
    private const string ScriptName = "bench_train_torch.py";

    public int Compare(StudentConfig config, int targets, Args opts, int sequence, int warmup, int threads, string device,
        long parameters, double positionsPerSecond, double matmulPeak)
    {
        var interpreter = FindPython();
        if (interpreter is null)
        {
            Console.WriteLine((python is null ? "pytorch: not found (python3 cannot import torch)" : $"pytorch: {python} cannot import torch") +
                              "; for the PyTorch ratio install it (Debian: apt-get install python3-torch libopenblas0-pthread, without which its " +
                              "BLAS is the slow reference one; on a GPU machine its own CUDA PyTorch) " +
                              "or pass --torch-python PATH");
            return 0;
        }
        var path = FindScript() ?? throw new FileNotFoundException($"{ScriptName} not found beside this benchmark; pass --torch-script PATH");
        List<string> arguments =
        [
            path, "--dim", $"{config.EmbeddingSize}", "--layers", $"{config.LayerCount}", "--heads", $"{config.HeadCount}",
            "--kv-heads", $"{config.KvHeadCount}", "--ff", $"{config.FeedForwardSize}", "--vocab", $"{config.VocabSize}",
            "--rope-theta", $"{config.RopeTheta}", "--eps", $"{config.RmsNormEps}", "--batch", $"{opts.Batch}", "--seq", $"{sequence}",
            "--steps", $"{opts.Steps}", "--warmup", $"{warmup}", "--targets", $"{targets}", "--threads", $"{threads}", "--device", device,
        ];
        if (!config.TiedEmbeddings)
            arguments.Add("--untied");
        if (opts.Bf16)
            arguments.Add("--bf16");
        Console.WriteLine($"pytorch reference: {interpreter} {string.Join(' ', arguments)}");
        var (exit, output) = Execute(interpreter, arguments, captureOutput: false);
        var line = output.Split('\n').LastOrDefault(l => l.TrimStart().StartsWith('{'));
        if (exit != 0 || line is null)
        {
            Console.WriteLine($"pytorch reference failed (exit code {exit}; its error is above) {output.Trim()}");
            return 1;
        }
        var result = JsonDocument.Parse(line).RootElement;
        var torchTokens = result.GetProperty("tokens_per_second").GetDouble();
        var torchParameters = result.GetProperty("parameters").GetInt64();
        var torchThreads = result.GetProperty("threads").GetInt32();
        Console.WriteLine($"pytorch {result.GetProperty("torch").GetString()} ({result.GetProperty("device").GetString()}, {result.GetProperty("dtype").GetString()}, " +
                          $"{result.GetProperty("attention").GetString()} attention, {torchThreads} threads): batch {opts.Batch} × {sequence} random tokens, " +
                          $"{result.GetProperty("ms_per_step").GetDouble():F1} ms/step");
        Console.WriteLine($"pytorch: {torchTokens:F0} tok/s · torchsharp/pytorch = {positionsPerSecond / torchTokens:F2} " +
                          $"(torchsharp {positionsPerSecond:F0} positions/s, padding included, against PyTorch's unpadded tokens)");
        Console.WriteLine($"fp32 2048³ matmul peak: torchsharp {matmulPeak / 1e9:F1} GFLOP/s · pytorch {result.GetProperty("matmul_gflops").GetDouble():F1} GFLOP/s " +
                          "(a gap here comes from the math libraries, not the trainer)");
        if (torchThreads != threads)
            Console.WriteLine($"note: pytorch ran {torchThreads} threads, torchsharp {threads}: the ratio is not like for like");
        var same = torchParameters == parameters;
        Console.WriteLine($"parameters: torchsharp {parameters} · pytorch {torchParameters} ({(same ? "equal" : "DIFFERENT: the two models are not the same; the ratio means nothing")})");
        return same ? 0 : 1;
    }

    // The given interpreter, else the first of python3 on PATH and Debian's /usr/bin/python3 that imports torch.
    private string? FindPython()
    {
        string[] candidates = python is not null ? [python] : ["python3", "/usr/bin/python3"];
        return candidates.FirstOrDefault(c => Execute(c, ["-c", "import torch"], captureOutput: true).Exit == 0);
    }

    // Beside the benchmark's source (dotnet run) or beside the published executable.
    private string? FindScript()
    {
        if (script is not null)
            return File.Exists(script) ? Path.GetFullPath(script) : throw new FileNotFoundException($"--torch-script {script}: no such file");
        string?[] folders = [AppContext.GetData("EntryPointFileDirectoryPath") as string, AppContext.BaseDirectory];
        return folders.Where(f => f is not null).Select(f => Path.Combine(f!, ScriptName)).FirstOrDefault(File.Exists);
    }

    // stdout captured (stderr too when captureOutput, else passed through so progress and errors show).
    private static (int Exit, string Output) Execute(string file, IEnumerable<string> arguments, bool captureOutput)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = captureOutput, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start)!;
            var stderr = captureOutput ? process.StandardError.ReadToEndAsync() : Task.FromResult("");
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout + stderr.Result);
        }
        catch (Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
