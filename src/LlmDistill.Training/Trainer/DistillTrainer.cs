using System.Diagnostics;
using LlmDistill.Core.Errors;
using LlmDistill.Core.Prompts;
using LlmDistill.Training.Data;
using LlmDistill.Training.Model;
using LlmDistill.Training.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmDistill.Training.Trainer;

/// <summary>
/// Trains a <see cref="StudentModel"/> on distillation records: AdamW, warmup + cosine, clipping,
/// accumulation, validation, early stopping, atomic checkpoints, <c>metrics.jsonl</c>. Create with
/// <see cref="Create"/>, optionally <see cref="ResumeFromLatest"/>, then <see cref="Run"/>.
/// Output directory: <c>checkpoints/step-NNNNNN</c>, <c>checkpoints/best</c>, <c>checkpoints/latest</c>, <c>metrics.jsonl</c>.
/// </summary>
public sealed partial class DistillTrainer : IDisposable
{
    private readonly IStudentTokenizer _tokenizer;
    private readonly Objective _objective;
    private readonly TrainerOptions _options;
    private readonly Device _device;
    private readonly AdamW _optimizer;
    private readonly BatchLoader _train;
    private readonly IReadOnlyList<IReadOnlyList<TokenizedExample>> _validation;
    private readonly LearningRateSchedule _schedule;
    private readonly MetricsLog _metrics;
    private CheckpointState _state = new(0, default, null, 0, 0, double.NaN);

    private DistillTrainer(StudentModel model, IStudentTokenizer tokenizer, Objective objective, TrainerOptions options,
        Device device, BatchLoader train, IReadOnlyList<IReadOnlyList<TokenizedExample>> validation, string outputDirectory)
    {
        Model = model;
        _tokenizer = tokenizer;
        _objective = objective;
        _options = options;
        _device = device;
        _train = train;
        _validation = validation;
        OutputDirectory = outputDirectory;
        CheckpointDirectory = Path.Combine(outputDirectory, "checkpoints");
        _schedule = new LearningRateSchedule(options.LearningRate, options.MinLearningRate, options.WarmupSteps, options.Steps);
        _metrics = new MetricsLog(Path.Combine(outputDirectory, "metrics.jsonl"));
        _optimizer = CreateOptimizer(model, options);
    }

    public StudentModel Model { get; }
    public string OutputDirectory { get; }
    public string CheckpointDirectory { get; }

    /// <summary>Optimizer steps done so far (after a resume: the checkpoint's step).</summary>
    public int Step => _state.Step;

    /// <summary>
    /// Seeds torch, builds a fresh model on the chosen device, splits <paramref name="records"/> into
    /// train and validation (by question), and tokenizes both for <paramref name="objective"/>.
    /// </summary>
    public static DistillTrainer Create(StudentConfig config, IStudentTokenizer tokenizer, Objective objective, TrainerOptions options,
        IReadOnlyList<DistillRecord> records, double validationFraction, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(records);
        objective = (objective ?? throw new ArgumentNullException(nameof(objective))).Validated();
        options = (options ?? throw new ArgumentNullException(nameof(options))).Validated();
        if (validationFraction is < 0 or > 0.5)
            throw new InvalidInputException($"validation fraction {validationFraction} must be between 0 and 0.5");
        if (config.VocabSize != tokenizer.VocabSize)
            throw new InvalidInputException($"model vocab_size {config.VocabSize} differs from the tokenizer's {tokenizer.VocabSize}");
        TorchRuntime.EnsureLoaded();
        var device = DeviceSelector.Resolve(options.Device);

        var (train, validation) = DatasetSplit.Split(records, validationFraction, options.Seed);
        var encoder = new ExampleEncoder(tokenizer, objective, config.ContextLength);
        var trainGroups = encoder.Encode(train);
        if (objective.Kd is not null)
            CheckTeacher(encoder);
        if (trainGroups.Count == 0)
            throw new InvalidInputException($"no training examples for objective {objective.Kind} (records without rationales give none for cot)");
        if (trainGroups.All(g => g.All(e => e.TargetTokenCount == 0)))
            throw new InvalidInputException($"every target is cut off by the context length {config.ContextLength}: prompts fill it; raise --context");
        var loader = new BatchLoader(trainGroups, options.BatchSize, options.Seed,
            packContextLength: options.Packing ? config.ContextLength : null);

        var model = new StudentModel(config, options.Seed);
        model.to(device);
        model.ComputeType = options.Bf16 ? ScalarType.BFloat16 : ScalarType.Float32;
        Directory.CreateDirectory(outputDirectory);
        return new DistillTrainer(model, tokenizer, objective, options, device, loader, encoder.Encode(validation), outputDirectory);
    }

    // Token KD is refused, not silently skipped, when the data cannot support it.
    private static void CheckTeacher(ExampleEncoder encoder)
    {
        if (encoder.TeacherOffered == 0)
            throw new InvalidInputException("token KD needs the cot objective and data generated by a GGUF teacher with --logprobs K (token ids are required)");
        if (encoder.TeacherAligned * 2 < encoder.TeacherOffered)
            throw new InvalidInputException($"token KD: only {encoder.TeacherAligned} of {encoder.TeacherOffered} teacher outputs are the student's own tokens; " +
                "the student must use the teacher's tokenizer (train with --tokenizer TEACHER.gguf)");
    }

    /// <summary>
    /// Continues from <c>checkpoints/latest</c> when there is one: weights, optimizer moments, RNG, data
    /// position, early-stopping state; metrics after that step are dropped. Returns false when there is none.
    /// </summary>
    public bool ResumeFromLatest()
    {
        var latest = Checkpoint.Latest(CheckpointDirectory);
        if (latest is null)
            return false;
        _state = Checkpoint.Load(latest, Model, _optimizer);
        _train.Restore(_state.Data);
        _metrics.TruncateAfter(_state.Step);
        return true;
    }

    /// <summary>
    /// Trains up to <see cref="TrainerOptions.Steps"/>. On cancellation a checkpoint of the steps done is
    /// written before <see cref="OperationCanceledException"/> propagates; a NaN/Inf loss or gradient
    /// writes the last good weights and throws <see cref="ComputationException"/>.
    /// </summary>
    public TrainingResult Run(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var stepsThisRun = 0;
        var windowTokens = 0L;
        var tokensThisRun = 0L;
        var window = Stopwatch.StartNew();
        var lastCheckpoint = Checkpoint.Latest(CheckpointDirectory) ?? "";
        var stoppedEarly = false;
        double? lastValidation = _state.BestValidationLoss;
        Model.train();

        while (_state.Step < _options.Steps && !stoppedEarly)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                SaveStep();
                cancellationToken.ThrowIfCancellationRequested();
            }
            var (loss, perTarget, tokens) = TrainStep();
            windowTokens += tokens;
            tokensThisRun += tokens;
            stepsThisRun++;
            var step = _state.Step;

            if (step % _options.CollectGarbageEvery == 0)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
            if (step % _options.LogEvery == 0 || step == _options.Steps)
            {
                var tokensPerSecond = windowTokens / Math.Max(window.Elapsed.TotalSeconds, 1e-9);
                _metrics.Append(step, Metrics(loss, perTarget, "loss").Concat(
                [
                    new("lr", _schedule.At(step - 1)),
                    new("tokens_per_s", tokensPerSecond),
                    new("rss_mb", Environment.WorkingSet / 1048576.0),
                    new("tokens", _state.TokensSeen),
                ]));
                windowTokens = 0;
                window.Restart();
            }
            if (_options.EvalEvery > 0 && _validation.Count > 0 && (step % _options.EvalEvery == 0 || step == _options.Steps))
            {
                lastValidation = EvaluateAndTrack(out stoppedEarly);
                window.Restart(); // evaluation time is not training throughput
                windowTokens = 0;
            }
            if (_options.CheckpointEvery > 0 && step % _options.CheckpointEvery == 0 && step != _options.Steps)
                lastCheckpoint = SaveStep();

            var elapsed = clock.Elapsed;
            var remaining = TimeSpan.FromTicks(elapsed.Ticks / stepsThisRun * (_options.Steps - step));
            progress?.Report(new TrainingProgress(step, _options.Steps, loss, _schedule.At(step - 1),
                tokensThisRun / Math.Max(elapsed.TotalSeconds, 1e-9), elapsed, remaining, lastValidation, _state.TokensSeen));
        }
        if (stepsThisRun > 0 || lastCheckpoint.Length == 0)
            lastCheckpoint = SaveStep();
        return new TrainingResult(_state.Step, _state.LastLoss, _state.BestValidationLoss, stoppedEarly, lastCheckpoint, _state.TokensSeen);
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        Model.Dispose();
    }

    // One optimizer step over GradientAccumulation micro-batches, inside one dispose scope.
    private (double Loss, Dictionary<StudentFormat.Target, double> PerTarget, long Tokens) TrainStep()
    {
        var step = _state.Step;
        var cursorBefore = _train.Cursor;
        var lr = _schedule.At(step);
        foreach (var group in _optimizer.ParamGroups)
            group.LearningRate = lr;

        using var scope = NewDisposeScope();
        _optimizer.zero_grad();
        var accumulation = _options.GradientAccumulation;
        var loss = 0.0;
        var perTarget = new Dictionary<StudentFormat.Target, double>();
        var tokens = 0L;
        for (var micro = 0; micro < accumulation; micro++)
        {
            var batch = Batch.Collate(_train.Next(), _tokenizer.EosId, _device);
            var logits = Model.forward(batch.Inputs); // (B, T, V)
            var (total, value, parts) = DistillLoss.Compute(logits, batch.Labels, batch.Targets, _objective, batch.Teacher);
            if (!double.IsFinite(value))
                throw NotFinite($"loss {value}", step, cursorBefore);
            (total / accumulation).backward();
            loss += value / accumulation;
            foreach (var (target, part) in parts)
                perTarget[target] = perTarget.GetValueOrDefault(target) + part / accumulation;
            tokens += batch.TokenCount;
        }
        var parameters = Model.parameters();
        if (_options.GradientClip > 0)
        {
            var norm = nn.utils.clip_grad_norm_(parameters, _options.GradientClip);
            if (!double.IsFinite(norm))
                throw NotFinite($"gradient norm {norm}", step, cursorBefore);
        }
        _optimizer.step();
        _state = _state with { Step = step + 1, Data = _train.Cursor, TokensSeen = _state.TokensSeen + tokens, LastLoss = loss };
        return (loss, perTarget, tokens);
    }

    // The weights are still those before the failing step: keep them, then fail with one clear line.
    private ComputationException NotFinite(string what, int step, DataCursor cursorBefore)
    {
        _state = _state with { Data = cursorBefore };
        var saved = SaveStep();
        return new ComputationException(
            $"training diverged at step {step + 1}: {what}. The last good weights are in {saved}; " +
            "lower the learning rate or keep gradient clipping on, then resume.");
    }

    private string SaveStep()
    {
        var path = Checkpoint.Save(CheckpointDirectory, $"step-{_state.Step:D6}", Model, _optimizer, _state, _tokenizer, objective: _objective);
        Checkpoint.Prune(CheckpointDirectory, _options.KeepCheckpoints);
        return path;
    }

    private static IEnumerable<KeyValuePair<string, double>> Metrics(double loss, IReadOnlyDictionary<StudentFormat.Target, double> parts, string prefix) =>
        parts.Select(p => new KeyValuePair<string, double>($"{prefix}_{Name(p.Key)}", p.Value)).Prepend(new(prefix, loss));

    private static string Name(StudentFormat.Target target) => target switch
    {
        StudentFormat.Target.Answer => "answer",
        StudentFormat.Target.Rationale => "rationale",
        _ => "cot",
    };

    // Decay matrices only: decaying norm gains or embeddings pulls them toward zero for no benefit
    // (nanoGPT's configure_optimizers rule, plus the embedding as in many llama recipes).
    private static AdamW CreateOptimizer(StudentModel model, TrainerOptions options)
    {
        var named = model.named_parameters().ToList();
        var decay = named.Where(p => p.parameter.dim() >= 2 && !p.name.StartsWith("token_embd", StringComparison.Ordinal)).Select(p => p.parameter);
        var rest = named.Where(p => p.parameter.dim() < 2 || p.name.StartsWith("token_embd", StringComparison.Ordinal)).Select(p => p.parameter);
        return optim.AdamW(
        [
            new AdamW.ParamGroup(decay.ToArray(), new AdamW.Options { weight_decay = options.WeightDecay }),
            new AdamW.ParamGroup(rest.ToArray(), new AdamW.Options { weight_decay = 0 }),
        ], options.LearningRate, options.Beta1, options.Beta2);
    }
}
