#:project ../src/LlmDistill.Training/LlmDistill.Training.csproj
#:property PublishAot=false
// Trainer benchmark: tokens/s, model FLOPs utilisation against this machine's measured fp32 matmul
// peak, and resident memory over a run (flat after warm-up = no native leak). Run via scripts/bench-train.
using System.Diagnostics;
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
var dir = Path.Combine(Path.GetTempPath(), "llmdistill-bench-train", Guid.NewGuid().ToString("N"));
using (var trainer = DistillTrainer.Create(config, tokenizer, objective, options, records, 0.05, dir))
{
    Console.WriteLine($"model {opts.Preset}: {config.ParameterCount() / 1e6:F2}M parameters, {opts.Objective}, batch {opts.Batch}, " +
                      $"mean sequence {meanLength:F0} tokens, {get_num_threads()} threads, device {trainer.Model.parameters().First().device}");
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
return 0;

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

internal sealed record Args(string Preset, int Steps, int Batch, int Threads, string Objective, string Device, bool Bf16)
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
                _ => throw new ArgumentException($"unknown option {argv[i]} (--preset --steps --batch --threads --objective --device --bf16)"),
            };
        }
        return a;
    }
}

internal sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => report(value);
}
