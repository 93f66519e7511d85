using LlmDistill.Core.Errors;
using LlmDistill.Gguf;
using LlmDistill.Training.Data;
using LlmDistill.Training.Export;
using LlmDistill.Training.Tests.Trainer;
using LlmDistill.Training.Trainer;

namespace LlmDistill.Training.Tests.Export;

/// <summary>The export verb's work on checkpoints the trainer wrote.</summary>
public class CheckpointExporterTests
{
    [Fact]
    public async Task A_trained_checkpoint_exports_and_verifies_from_its_run_directory()
    {
        using var dir = new TempDirectory();
        var options = TinyTask.Options with { Steps = 6, CheckpointEvery = 6, EvalEvery = 0 };
        using (var trainer = DistillTrainer.Create(TinyTask.Model, TinyTask.Tokenizer, new Objective(), options, TinyTask.Records(24), 0.1, dir.Path))
            trainer.Run();
        var gguf = Path.Combine(dir.Path, "export", "student.gguf");

        var report = await CheckpointExporter.ExportAsync(dir.Path, gguf, GgufTensorType.F32, verify: true, new VerificationOptions { Threads = 1 });

        Assert.Equal(Checkpoint.Latest(Path.Combine(dir.Path, "checkpoints")), report.Checkpoint);
        Assert.Equal(new FileInfo(gguf).Length, report.FileSize);
        Assert.NotNull(report.Verification);
        Assert.True(report.Verification.Passed);
        Assert.InRange(report.Verification.MaxAbsDifference, 0, 1e-3);
        Assert.Equal(TinyTask.Model.KvHeadCount, (int)GgufFile.Read(gguf).GetUInt32("llama.attention.head_count_kv"));
    }

    [Fact]
    public async Task How_the_student_was_trained_goes_into_the_metadata_when_the_checkpoint_says()
    {
        using var dir = new TempDirectory();
        var options = TinyTask.Options with { Steps = 1, CheckpointEvery = 1, EvalEvery = 0 };
        using (var trainer = DistillTrainer.Create(TinyTask.Model, TinyTask.Tokenizer, new Objective(), options, TinyTask.Records(12), 0.1, dir.Path))
            trainer.Run();
        var latest = Checkpoint.Latest(Path.Combine(dir.Path, "checkpoints"))!;
        var config = Path.Combine(latest, Checkpoint.ConfigFile);
        File.WriteAllText(config, File.ReadAllText(config).TrimEnd().TrimEnd('}') + ",\n  \"objective\": \"cot\",\n  \"format\": \"student-v1\"\n}\n");
        var gguf = Path.Combine(dir.Path, "student.gguf");

        await CheckpointExporter.ExportAsync(latest, gguf, GgufTensorType.F16, verify: false);

        var file = GgufFile.Read(gguf);
        Assert.Equal("cot", file.GetString(GgufMetadataKeys.Objective));
        Assert.Equal("student-v1", file.GetString(GgufMetadataKeys.Format));
        Assert.Equal(1u, file.GetUInt32(GgufKeys.FileType));
    }

    [Fact]
    public async Task Missing_or_corrupt_checkpoints_are_user_errors()
    {
        using var dir = new TempDirectory();
        var gguf = Path.Combine(dir.Path, "student.gguf");
        await Assert.ThrowsAsync<InvalidInputException>(() => CheckpointExporter.ExportAsync(Path.Combine(dir.Path, "nope"), gguf, GgufTensorType.F32));
        await Assert.ThrowsAsync<InvalidInputException>(() => CheckpointExporter.ExportAsync(dir.Path, gguf, GgufTensorType.F32)); // empty directory

        var options = TinyTask.Options with { Steps = 1, CheckpointEvery = 1, EvalEvery = 0 };
        using (var trainer = DistillTrainer.Create(TinyTask.Model, TinyTask.Tokenizer, new Objective(), options, TinyTask.Records(12), 0.1, dir.Path))
            trainer.Run();
        var latest = Checkpoint.Latest(Path.Combine(dir.Path, "checkpoints"))!;
        File.WriteAllBytes(Path.Combine(latest, Checkpoint.ModelFile), [1, 2, 3]);
        await Assert.ThrowsAsync<InvalidInputException>(() => CheckpointExporter.ExportAsync(latest, gguf, GgufTensorType.F32));
        File.WriteAllText(Path.Combine(latest, Checkpoint.ConfigFile), "{ not json");
        await Assert.ThrowsAsync<InvalidInputException>(() => CheckpointExporter.ExportAsync(latest, gguf, GgufTensorType.F32));
        Assert.False(File.Exists(gguf));
    }
}
