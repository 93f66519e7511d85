using LlmDistill.Core.Prompts;
using LlmDistill.Training.Data;
using static TorchSharp.torch;

namespace LlmDistill.Training.Trainer;

public sealed partial class DistillTrainer
{
    /// <summary>
    /// Validation loss (the objective's mix) and per-target losses, each averaged over the target tokens
    /// of the whole validation set; NaN without validation data.
    /// </summary>
    public (double Loss, IReadOnlyDictionary<StudentFormat.Target, double> PerTarget) Evaluate()
    {
        Model.eval();
        try
        {
            using var noGrad = no_grad();
            var sums = new Dictionary<StudentFormat.Target, (double Loss, long Tokens)>();
            foreach (var rows in BatchLoader.Sequential(_validation, _options.BatchSize))
            {
                using var scope = NewDisposeScope();
                var batch = Batch.Collate(rows, _tokenizer.EosId, _device);
                var (_, _, parts) = DistillLoss.Compute(Model.forward(batch.Inputs), batch.Labels, batch.Targets, _objective);
                foreach (var (target, loss) in parts.Where(p => !double.IsNaN(p.Value)))
                {
                    var count = batch.Targets.eq((long)target).sum().item<long>();
                    var (l, n) = sums.GetValueOrDefault(target);
                    sums[target] = (l + loss * count, n + count);
                }
            }
            var perTarget = sums.ToDictionary(s => s.Key, s => s.Value.Loss / Math.Max(1, s.Value.Tokens));
            var total = perTarget.Count == 0 ? double.NaN : perTarget.Sum(p => _objective.Weight(p.Key) * p.Value);
            return (total, perTarget);
        }
        finally
        {
            Model.train();
        }
    }

    // Logs the validation loss, saves "best" on improvement when early stopping is on, counts patience.
    private double EvaluateAndTrack(out bool stop)
    {
        var (loss, parts) = Evaluate();
        _metrics.Append(_state.Step, Metrics(loss, parts, "val_loss"));
        stop = false;
        if (_state.BestValidationLoss is not { } best || loss < best)
        {
            _state = _state with { BestValidationLoss = loss, EvalsWithoutImprovement = 0 };
            if (_options.EarlyStoppingPatience > 0)
                Checkpoint.Save(CheckpointDirectory, "best", Model, _optimizer, _state, _tokenizer, markLatest: false, _objective);
        }
        else
        {
            _state = _state with { EvalsWithoutImprovement = _state.EvalsWithoutImprovement + 1 };
            stop = _options.EarlyStoppingPatience > 0 && _state.EvalsWithoutImprovement >= _options.EarlyStoppingPatience;
        }
        return loss;
    }
}
