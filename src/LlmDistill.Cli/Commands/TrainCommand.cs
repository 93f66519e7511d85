using System.CommandLine;
using LlmDistill.Cli.Config;
using LlmDistill.Cli.Output;
using LlmDistill.Core.Errors;
using LlmDistill.Generation.Tasks;
using LlmDistill.Storage.Examples;
using LlmDistill.Tokenization;
using LlmDistill.Training.Data;
using LlmDistill.Training.Import;
using LlmDistill.Training.Model;
using LlmDistill.Training.Trainer;

namespace LlmDistill.Cli.Commands;

/// <summary><c>llm-distill train</c>: fine-tune a small llama-architecture student with TorchSharp.</summary>
internal static class TrainCommand
{
    public static Command Create(AppConsole console)
    {
        var data = new Option<string>("--data") { Description = "Training data: a generate run folder (its ok rows), a JSONL of {instruction, input, rationale, answer}, or a task file with ground truth (e.g. from 'tasks make').", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Run folder: checkpoints/, metrics.jsonl, config.json.", Required = true };
        var config = new Option<FileInfo?>("--config") { Description = "A YAML file of these options (keys without the dashes); the command line wins." };
        var objective = new Option<string>("--objective") { Description = "step-by-step (answer and rationale as two tasks), answer-only, or cot (rationale then answer).", DefaultValueFactory = _ => "step-by-step" };
        var alpha = new Option<double>("--alpha") { Description = "step-by-step: weight of the answer loss; the rationale gets 1-alpha.", DefaultValueFactory = _ => 0.5 };
        var kdTopK = new Option<int>("--kd-topk") { Description = "Token-level distillation from the teacher's stored top-k log-probabilities (needs --objective cot, data from a GGUF teacher with --logprobs, and --tokenizer TEACHER.gguf); 0 = off.", DefaultValueFactory = _ => 0 };
        var kdTemperature = new Option<double>("--kd-temperature") { Description = "Softening temperature T of token KD (the KL term is scaled by T²).", DefaultValueFactory = _ => 2.0 };
        var kdAlpha = new Option<double>("--kd-alpha") { Description = "Token KD: weight of the hard-label loss; 1-alpha goes to the KL term.", DefaultValueFactory = _ => 0.5 };
        var preset = new Option<string>("--preset") { Description = $"Model size: {string.Join(", ", StudentConfig.PresetNames)}.", DefaultValueFactory = _ => "tiny" };
        var dim = new Option<int?>("--dim") { Description = "Embedding size (overrides the preset)." };
        var layers = new Option<int?>("--layers") { Description = "Transformer blocks (overrides the preset)." };
        var heads = new Option<int?>("--heads") { Description = "Attention heads (overrides the preset)." };
        var kvHeads = new Option<int?>("--kv-heads") { Description = "Key/value heads for grouped-query attention (≤ heads)." };
        var ff = new Option<int?>("--ff") { Description = "Feed-forward size (default: 8/3 of --dim, rounded to 32)." };
        var context = new Option<int>("--context") { Description = "Longest sequence in tokens.", DefaultValueFactory = _ => 256 };
        var init = new Option<FileInfo?>("--init") { Description = "Start from a pretrained llama- or qwen2-architecture GGUF (F32/F16/BF16/Q8_0): its shape, tokenizer and weights. The shape options, --tokenizer and --vocab-size do not apply; --context caps the training length." };
        var tokenizer = new Option<FileInfo?>("--tokenizer") { Description = "Reuse the tokenizer of this GGUF (needed for token KD) instead of training one." };
        var vocabSize = new Option<int>("--vocab-size") { Description = "Size of the byte-level BPE vocabulary trained on the training text.", DefaultValueFactory = _ => 512 };
        var steps = new Option<int>("--steps") { Description = "Optimizer steps.", DefaultValueFactory = _ => 2000 };
        var batch = new Option<int>("--batch") { Description = "Sequences per micro-batch.", DefaultValueFactory = _ => 64 };
        var accumulation = new Option<int>("--accumulation") { Description = "Micro-batches per optimizer step.", DefaultValueFactory = _ => 1 };
        var lr = new Option<double>("--lr") { Description = "Peak learning rate (AdamW).", DefaultValueFactory = _ => 2e-3 };
        var minLr = new Option<double>("--min-lr") { Description = "Learning rate at the end of the cosine decay.", DefaultValueFactory = _ => 2e-4 };
        var warmup = new Option<int>("--warmup") { Description = "Linear warmup steps.", DefaultValueFactory = _ => 100 };
        var weightDecay = new Option<double>("--weight-decay") { Description = "AdamW weight decay on matrices.", DefaultValueFactory = _ => 0.1 };
        var clip = new Option<double>("--clip") { Description = "Gradient-norm clip (0 = off).", DefaultValueFactory = _ => 1.0 };
        var seed = new Option<int>("--seed") { Description = "Seed for weights, split and data order.", DefaultValueFactory = _ => 1337 };
        var validation = new Option<double>("--validation") { Description = "Share of questions held out for validation loss.", DefaultValueFactory = _ => 0.05 };
        var evalEvery = new Option<int>("--eval-every") { Description = "Validation loss every N steps (0 = never).", DefaultValueFactory = _ => 100 };
        var patience = new Option<int>("--early-stopping") { Description = "Stop after N validations without improvement (0 = off).", DefaultValueFactory = _ => 0 };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Checkpoint every N steps (and at the end).", DefaultValueFactory = _ => 500 };
        var packing = new Option<bool>("--packing") { Description = "Pack several examples per sequence instead of padding." };
        var device = new Option<string>("--device") { Description = "cpu, cuda, cuda:N or auto.", DefaultValueFactory = _ => "auto" };
        var bf16 = new Option<bool>("--bf16") { Description = "Compute in bfloat16 with fp32 master weights (for CUDA)." };
        var threads = new Option<int?>("--threads") { Description = "CPU threads for libtorch (default: all cores)." };
        var resume = new Option<bool>("--resume") { Description = "Continue from the last checkpoint in --out." };
        var command = new Command("train", "Train a small llama-architecture student on answer-plus-rationale targets (distilling step-by-step), with checkpoints and resume.")
        {
            data, output, config, init, objective, alpha, kdTopK, kdTemperature, kdAlpha, preset, dim, layers, heads, kvHeads, ff, context, tokenizer, vocabSize, steps, batch,
            accumulation, lr, minLr, warmup, weightDecay, clip, seed, validation, evalEvery, patience, checkpointEvery, packing, device,
            bf16, threads, resume,
        };
        command.SetAction(console, async (original, ct) =>
        {
            var parse = OptionsFile.Merge(original, config);
            var outDir = parse.GetValue(output)!.FullName;
            var records = await LoadRecordsAsync(parse.GetValue(data)!, ct);
            var goal = new Objective(Objective.ParseKind(parse.GetValue(objective)!), parse.GetValue(alpha))
            {
                Kd = parse.GetValue(kdTopK) > 0
                    ? new TokenDistillation(parse.GetValue(kdTopK), parse.GetValue(kdTemperature), parse.GetValue(kdAlpha))
                    : null,
            };

            var resuming = parse.GetValue(resume);
            if (!resuming && Directory.Exists(Path.Combine(outDir, "checkpoints")))
                throw new InvalidInputException($"{outDir} already holds a training run: pass --resume to continue it, or choose another --out");
            var initPath = parse.GetValue(init)?.FullName;
            if (initPath is not null && parse.GetValue(tokenizer) is not null)
                throw new InvalidInputException("--init brings its own tokenizer; drop --tokenizer");
            IStudentTokenizer vocabulary = resuming && File.Exists(Path.Combine(outDir, GgufStudentTokenizer.FileName))
                ? StudentTokenizers.Load(outDir)
                : initPath is not null
                    ? GgufImporter.ReadTokenizer(initPath)
                    : parse.GetValue(tokenizer) is { } gguf
                    ? new GgufStudentTokenizer(GgufTokenizer.FromGguf(gguf.FullName))
                    : StudentVocabulary.Train(records, parse.GetValue(vocabSize), ct);
            Directory.CreateDirectory(outDir);
            vocabulary.Save(outDir);

            StudentConfig model;
            if (initPath is not null)
            {
                // Pretrained files declare 2k–32k tokens of context; training sequences follow --context.
                model = GgufImporter.ReadConfig(initPath);
                model = model with { ContextLength = Math.Min(model.ContextLength, parse.GetValue(context)) };
            }
            else
            {
                model = StudentConfig.Preset(parse.GetValue(preset)!, vocabulary.VocabSize, parse.GetValue(context));
                model = model with
                {
                    EmbeddingSize = parse.GetValue(dim) ?? model.EmbeddingSize,
                    LayerCount = parse.GetValue(layers) ?? model.LayerCount,
                    HeadCount = parse.GetValue(heads) ?? model.HeadCount,
                    KvHeadCount = parse.GetValue(kvHeads) ?? parse.GetValue(heads) ?? model.KvHeadCount,
                };
                model = model with { FeedForwardSize = parse.GetValue(ff) ?? (parse.GetValue(dim) is { } d ? StudentConfig.DefaultFeedForward(d) : model.FeedForwardSize) };
            }
            var options = new TrainerOptions
            {
                Steps = parse.GetValue(steps),
                BatchSize = parse.GetValue(batch),
                GradientAccumulation = parse.GetValue(accumulation),
                LearningRate = parse.GetValue(lr),
                MinLearningRate = parse.GetValue(minLr),
                WarmupSteps = parse.GetValue(warmup),
                WeightDecay = parse.GetValue(weightDecay),
                GradientClip = parse.GetValue(clip),
                Seed = parse.GetValue(seed),
                EvalEvery = parse.GetValue(evalEvery),
                EarlyStoppingPatience = parse.GetValue(patience),
                CheckpointEvery = parse.GetValue(checkpointEvery),
                Packing = parse.GetValue(packing),
                Device = parse.GetValue(device)!,
                Bf16 = parse.GetValue(bf16),
            };
            if (parse.GetValue(threads) is { } n)
                TorchSharp.torch.set_num_threads(n);

            using var trainer = DistillTrainer.Create(model.Validated(), vocabulary, goal, options, records, parse.GetValue(validation), outDir);
            if (resuming && trainer.ResumeFromLatest())
            {
                console.Info($"resuming at step {trainer.Step:N0} of {options.Steps:N0}");
            }
            else if (initPath is not null)
            {
                GgufImporter.LoadWeights(trainer.Model, initPath);
                console.Info($"initialised from {initPath}");
            }
            console.Info($"{records.Count:N0} questions, objective {goal.Kind}{(goal.Kd is { } kd ? $" + token KD (top {kd.TopK}, T {kd.Temperature})" : "")}, {trainer.Model.CountParameters():N0} parameters, vocabulary {vocabulary.VocabSize:N0}");
            var result = await console.ProgressAsync("train", display => Task.Run(() => trainer.Run(new SyncProgress<TrainingProgress>(p =>
                display.Update((double)p.Step / p.TotalSteps,
                    $"step {p.Step:N0}/{p.TotalSteps:N0} · loss {p.Loss:0.000}{(p.ValidationLoss is { } v ? $" · val {v:0.000}" : "")} · {p.TokensPerSecond:N0} tok/s")), ct), ct));
            console.Info($"{result.Steps:N0} steps, final loss {result.FinalLoss:0.0000}" +
                (result.BestValidationLoss is { } best ? $", best validation loss {best:0.0000}" : "") + (result.StoppedEarly ? " (stopped early)" : ""));
            console.Result(result.LastCheckpoint);
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<IReadOnlyList<DistillRecord>> LoadRecordsAsync(string path, CancellationToken ct)
    {
        List<DistillRecord> records;
        if (Directory.Exists(path))
            records = [.. DistillRecords.FromExamples(await ExampleDatasetReader.Open(path).ReadAsync(ExampleFilter.OkOnly, ct).ToListAsync(ct))];
        else if (IsRecordFile(path))
            records = [.. DistillRecords.ReadJsonl(path)];
        else
            records = [.. DistillRecords.FromTaskItems((await TaskFileReader.ReadAsync(path, cancellationToken: ct)).Items)];
        if (records.Count == 0)
            throw new InvalidInputException($"{path}: no usable training rows (status ok, with an answer)");
        return records;
    }

    // {instruction, answer} rows are training records; {question, answer} rows are GSM8K tasks.
    private static bool IsRecordFile(string path) =>
        path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) && File.Exists(path)
        && File.ReadLines(path).FirstOrDefault(l => l.Trim().Length > 0) is { } first
        && first.Contains("\"instruction\"", StringComparison.Ordinal) && first.Contains("\"answer\"", StringComparison.Ordinal);
}
