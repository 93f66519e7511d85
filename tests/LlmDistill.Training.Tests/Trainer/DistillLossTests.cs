using LlmDistill.Core.Prompts;
using LlmDistill.Training.Data;
using LlmDistill.Training.Model;
using LlmDistill.Training.Trainer;
using static TorchSharp.torch;

namespace LlmDistill.Training.Tests.Trainer;

public class DistillLossTests
{
    [Fact]
    public void Prompt_tokens_get_no_gradient_through_the_loss()
    {
        using var scope = NewDisposeScope();
        var example = new ExampleEncoder(new ByteTokenizer(), new Objective(), 64)
            .EncodeOne(new DistillRecord("What is 2+3?", "", "2+3=5.", "5"), StudentFormat.Target.Answer);
        var batch = Batch.Collate([[example]], ByteTokenizer.Eos, CPU);
        var logits = randn(1, batch.Inputs.shape[1], 259).requires_grad_();
        var (loss, _, _) = DistillLoss.Compute(logits, batch.Labels, batch.Targets, new Objective());
        loss.backward();
        var perPosition = logits.grad!.abs().sum(-1)[0]; // (T)
        var lastPrompt = example.PromptLength - 1;       // predicts the first target token
        Assert.Equal(0f, perPosition[..lastPrompt].abs().max().item<float>());
        Assert.True(perPosition[lastPrompt..].min().item<float>() > 0);
    }

    [Fact]
    public void Prompt_tokens_of_a_model_input_do_not_change_the_loss_gradient_of_later_positions_only_through_context()
    {
        // Through a whole model: the loss must not depend on logits at prompt positions, so a model whose
        // prompt-position logits differ (same target positions) has the same loss.
        using var scope = NewDisposeScope();
        manual_seed(4);
        using var model = new StudentModel(new StudentConfig { VocabSize = 259, EmbeddingSize = 32, LayerCount = 1, HeadCount = 2, KvHeadCount = 1, FeedForwardSize = 64 });
        var example = new ExampleEncoder(new ByteTokenizer(), new Objective(ObjectiveKind.AnswerOnly), 64)
            .EncodeOne(new DistillRecord("1+1?", "", null, "2"), StudentFormat.Target.Answer);
        var batch = Batch.Collate([[example]], ByteTokenizer.Eos, CPU);
        var logits = model.forward(batch.Inputs);
        var noise = zeros_like(logits);
        noise[0, ..(example.PromptLength - 1)] = randn(example.PromptLength - 1, 259) * 10;
        var (a, _, _) = DistillLoss.Compute(logits, batch.Labels, batch.Targets, new Objective(ObjectiveKind.AnswerOnly));
        var (b, _, _) = DistillLoss.Compute(logits + noise, batch.Labels, batch.Targets, new Objective(ObjectiveKind.AnswerOnly));
        Assert.Equal(a.item<float>(), b.item<float>(), 5);
    }

    [Fact]
    public void Step_by_step_loss_is_alpha_mix_of_per_target_means()
    {
        using var scope = NewDisposeScope();
        var logits = randn(2, 3, 5);
        var labels = tensor(new long[] { 1, 2, -100, 3, 4, 0 }, [2, 3]);
        var targets = tensor(new long[] { 0, 0, -1, 1, 1, 1 }, [2, 3]);
        var (total, value, parts) = DistillLoss.Compute(logits, labels, targets, new Objective(ObjectiveKind.StepByStep, Alpha: 0.3));
        var ce = nn.functional.cross_entropy(logits.view(-1, 5), labels.view(-1), reduction: nn.Reduction.None).data<float>().ToArray();
        var answer = (ce[0] + ce[1]) / 2;
        var rationale = (ce[3] + ce[4] + ce[5]) / 3;
        Assert.Equal(answer, parts[StudentFormat.Target.Answer], 5);
        Assert.Equal(rationale, parts[StudentFormat.Target.Rationale], 5);
        Assert.Equal(0.3 * answer + 0.7 * rationale, total.item<float>(), 5);
        Assert.Equal(total.item<float>(), value, 6);
        var (_, _, none) = DistillLoss.Compute(logits, labels, full_like(targets, 1), new Objective(ObjectiveKind.StepByStep));
        Assert.True(double.IsNaN(none[StudentFormat.Target.Answer]), "a target the batch lacks has no mean");
    }

    [Fact]
    public void Schedule_warms_up_linearly_then_decays_to_the_minimum()
    {
        var schedule = new LearningRateSchedule(1.0, 0.1, WarmupSteps: 10, TotalSteps: 110);
        Assert.Equal(0.1, schedule.At(0), 9);
        Assert.Equal(1.0, schedule.At(9), 9);
        Assert.Equal(0.55, schedule.At(60), 9);
        Assert.Equal(0.1, schedule.At(110), 9);
        Assert.True(schedule.At(30) > schedule.At(31));
    }
}
