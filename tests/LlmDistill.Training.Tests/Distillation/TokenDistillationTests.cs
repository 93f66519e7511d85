using LlmDistill.Core.Errors;
using LlmDistill.Core.Prompts;
using LlmDistill.Training.Data;
using LlmDistill.Training.Runtime;
using LlmDistill.Training.Trainer;
using LlmDistill.Training.Tests.Trainer;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmDistill.Training.Tests.Distillation;

public sealed class TokenDistillationTests
{
    public TokenDistillationTests() => TorchRuntime.EnsureLoaded();

    private static readonly ByteTokenizer Bytes = new();

    private static TeacherBatch Teacher(Tensor teacherLogits, int k)
    {
        var logp = nn.functional.log_softmax(teacherLogits, -1);
        var (values, indices) = logp.topk(k, -1);
        return new TeacherBatch(indices, values, ones(teacherLogits.shape[0], teacherLogits.shape[1]));
    }

    [Fact]
    public void A_student_that_matches_the_teacher_has_zero_loss_and_a_different_one_does_not()
    {
        using var scope = NewDisposeScope();
        var logits = randn(2, 3, 11, generator: new Generator(5));

        var same = DistillLoss.Distillation(logits, Teacher(logits, k: 11), temperature: 1).item<float>();
        var sameTopK = DistillLoss.Distillation(logits, Teacher(logits, k: 4), temperature: 2).item<float>();
        var other = DistillLoss.Distillation(randn(2, 3, 11, generator: new Generator(6)), Teacher(logits, k: 4), temperature: 2).item<float>();

        Assert.InRange(same, -1e-5, 1e-5);
        Assert.InRange(sameTopK, -1e-4, 1e-4); // the rest bucket keeps the comparison exact with k < V
        Assert.True(other > 0.05, $"{other}");
    }

    [Fact]
    public void Gradient_steps_move_the_student_toward_the_teacher()
    {
        using var scope = NewDisposeScope();
        var teacher = Teacher(randn(1, 4, 9, generator: new Generator(1)) * 3, k: 3);
        var student = randn(1, 4, 9, generator: new Generator(2)).requires_grad_(true);
        var before = DistillLoss.Distillation(student, teacher, 2).item<float>();
        for (var i = 0; i < 50; i++)
        {
            var loss = DistillLoss.Distillation(student, teacher, 2);
            loss.backward();
            using (no_grad())
            {
                student.sub_(student.grad! * 0.5);
                student.grad!.zero_();
            }
        }
        Assert.True(DistillLoss.Distillation(student, teacher, 2).item<float>() < before / 10);
    }

    private static DistillRecord WithTeacher(DistillRecord record, Func<int, int> idAt)
    {
        var completion = Bytes.Encode(StudentFormat.Completion(StudentFormat.Target.ChainOfThought, record.Answer, record.Rationale))
            .Append(Bytes.EosId).ToArray();
        return record with
        {
            Teacher = [.. completion.Select((id, j) => new TeacherPosition([idAt(id), 1, 2], [-0.1f, -3f, -4f]))],
        };
    }

    [Fact]
    public void Teacher_distributions_attach_to_the_student_s_own_tokens_only()
    {
        var records = TinyTask.Records(4);
        var kd = new Objective(ObjectiveKind.ChainOfThought) { Kd = new TokenDistillation(TopK: 2) };
        var encoder = new ExampleEncoder(Bytes, kd, contextLength: 256);

        var aligned = encoder.EncodeOne(WithTeacher(records[0], id => id), StudentFormat.Target.ChainOfThought);
        var foreign = encoder.EncodeOne(WithTeacher(records[1], id => (id + 7) % 200 + 3), StudentFormat.Target.ChainOfThought);

        Assert.Equal(aligned.TargetTokenCount, aligned.Teacher!.Count);
        Assert.All(aligned.Teacher, p => Assert.Equal(2, p.Ids.Length));
        Assert.Null(foreign.Teacher);
        Assert.Equal((2, 1), (encoder.TeacherOffered, encoder.TeacherAligned));

        var batch = Batch.Collate([[aligned]], Bytes.EosId, CPU);
        Assert.Equal(aligned.TargetTokenCount, (int)batch.Teacher!.Mask.sum().item<float>());
        // Where the mask is on, the label is the teacher's first choice here.
        var labels = batch.Labels[batch.Teacher.Mask.to_type(ScalarType.Bool)];
        var first = batch.Teacher.Ids[.., .., 0][batch.Teacher.Mask.to_type(ScalarType.Bool)];
        Assert.Equal(labels.data<long>().ToArray(), first.data<long>().ToArray());
    }

    [Fact]
    public void Kd_is_refused_when_the_data_cannot_support_it()
    {
        var dir = Directory.CreateTempSubdirectory("llmd-kd-").FullName;
        try
        {
            var records = TinyTask.Records(20);
            var kd = new TokenDistillation();
            var noTeacher = Assert.Throws<InvalidInputException>(() => DistillTrainer.Create(TinyTask.Model, Bytes,
                new Objective(ObjectiveKind.ChainOfThought) { Kd = kd }, TinyTask.Options, records, 0.1, dir));
            Assert.Contains("--logprobs", noTeacher.Message);

            var foreign = records.Select(r => WithTeacher(r, id => (id + 7) % 200 + 3)).ToList();
            var mismatch = Assert.Throws<InvalidInputException>(() => DistillTrainer.Create(TinyTask.Model, Bytes,
                new Objective(ObjectiveKind.ChainOfThought) { Kd = kd }, TinyTask.Options, foreign, 0.1, dir));
            Assert.Contains("--tokenizer", mismatch.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Training_with_kd_runs_and_lowers_the_loss()
    {
        var dir = Directory.CreateTempSubdirectory("llmd-kd-train-").FullName;
        try
        {
            var records = TinyTask.Records(40).Select(r => WithTeacher(r, id => id)).ToList();
            using var trainer = DistillTrainer.Create(TinyTask.Model, Bytes,
                new Objective(ObjectiveKind.ChainOfThought) { Kd = new TokenDistillation(TopK: 3, Temperature: 2, Alpha: 0.5) },
                TinyTask.Options, records, 0.1, dir);
            var losses = new List<double>();
            var result = trainer.Run(new SyncProgress(p => losses.Add(p.Loss)));

            Assert.Equal(TinyTask.Options.Steps, result.Steps);
            Assert.True(double.IsFinite(result.FinalLoss));
            Assert.True(losses[^1] < losses[0], $"{losses[0]} → {losses[^1]}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
