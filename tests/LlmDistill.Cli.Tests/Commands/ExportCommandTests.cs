using System.Globalization;
using LlmDistill.Core.Errors;
using LlmDistill.Core.Tasks;
using LlmDistill.Generation.Tasks;
using LlmDistill.Gguf;

namespace LlmDistill.Cli.Tests.Commands;

public sealed class ExportCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("llmd-cli-export-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A run of the train verb: a BPE student tokenizer and a few steps, enough for a real checkpoint.</summary>
    private async Task<string> TrainAsync()
    {
        var tasks = Path.Combine(_dir, "train.jsonl");
        await TaskFileWriter.WriteAsync(tasks, ArithmeticWordProblems.Generate(40, seed: 4));
        var run = Path.Combine(_dir, "run");
        var train = await CliRun.InvokeAsync("train", "--data", tasks, "--out", run, "--preset", "micro", "--steps", "4", "--batch", "8",
            "--warmup", "1", "--eval-every", "0", "--checkpoint-every", "4", "--vocab-size", "300", "--threads", "1", "--device", "cpu");
        Assert.True(train.ExitCode == 0, train.Stderr);
        return run;
    }

    [Fact]
    public async Task Exports_a_trained_run_verifies_it_and_prints_the_difference_and_size()
    {
        var run = await TrainAsync();
        var f32 = Path.Combine(_dir, "student-f32.gguf");
        var q8 = Path.Combine(_dir, "student-q8.gguf");

        var exported = await CliRun.InvokeAsync("export", "--checkpoint", run, "--out", f32, "--threads", "1");
        var quantized = await CliRun.InvokeAsync("export", "--checkpoint", run, "--out", q8, "--type", "q8_0", "--threads", "1", "--name", "sbs-0.1M");

        Assert.True(exported.ExitCode == 0, exported.Stderr);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"(F32, {new FileInfo(f32).Length:N0} bytes)"), exported.Stdout);
        Assert.Contains("max abs logit difference", exported.Stdout);
        Assert.Contains("greedy decoding identical", exported.Stdout);
        Assert.True(quantized.ExitCode == 0, quantized.Stderr);
        Assert.True(new FileInfo(q8).Length < new FileInfo(f32).Length);
        var file = GgufFile.Read(f32);
        Assert.Equal("llama", file.GetString(GgufKeys.Architecture));
        Assert.NotEmpty(file.GetStringArray(GgufKeys.TokenizerMerges)); // the student's own BPE vocabulary, for llama.cpp to tokenize with
        Assert.Equal("student-f32", file.GetString(GgufKeys.Name)); // what eval and the report call it: the file's name unless --name
        Assert.Equal("sbs-0.1M", GgufFile.Read(q8).GetString(GgufKeys.Name));
    }

    [Theory]
    [InlineData("missing", "f32")]
    [InlineData("empty", "f32")]
    [InlineData("empty", "q4_k")]
    public async Task Bad_input_is_one_line_and_exit_code_3(string checkpoint, string type)
    {
        Directory.CreateDirectory(Path.Combine(_dir, "empty"));

        var run = await CliRun.InvokeAsync("export", "--checkpoint", Path.Combine(_dir, checkpoint), "--out", Path.Combine(_dir, "x.gguf"), "--type", type);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.False(File.Exists(Path.Combine(_dir, "x.gguf")));
    }
}
