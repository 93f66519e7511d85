using System.Text.Json;
using LlmDistill.Core.Errors;
using LlmDistill.Core.Prompts;
using LlmDistill.Core.Tasks;
using LlmDistill.Evaluation.Metrics;
using LlmDistill.Evaluation.Output;
using LlmDistill.Evaluation.Prompts;
using LlmDistill.Evaluation.Sources;
using LlmDistill.Evaluation.Tests.Support;

namespace LlmDistill.Evaluation.Tests.Sources;

/// <summary>
/// End to end through llama.cpp with a random-weight GGUF: a model that cannot answer must give an honest
/// near-zero score, not a crash, and batching must not change what greedy decoding says.
/// </summary>
[Collection(TinyModelGroup.Name)]
public sealed class GgufEvaluationTests(TinyModel tiny) : IDisposable
{
    private static readonly TaskItem[] Items = [.. ArithmeticWordProblems.Generate(16, seed: 11)];
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Random_weights_score_near_zero_with_well_formed_outputs()
    {
        var output = _dir.Combine("eval");
        var result = await EvaluationRunner.RunGgufAsync(tiny.Path, Items, Options(output),
            new GgufAnswerSourceOptions { ParallelSequences = 8, ContextSize = 256, Threads = 1 });

        var m = result.Metrics;
        Assert.Equal(16, m.Accuracy.Total);
        Assert.InRange(m.Accuracy.Value, 0, 0.1);
        Assert.InRange(m.ParseFailureRate, 0.9, 1);
        Assert.Equal(0, m.Accuracy.CiLow, 6);
        Assert.True(m.Accuracy.CiHigh is > 0.15 and < 0.3, $"ci_high {m.Accuracy.CiHigh}");

        // Model facts from the GGUF header.
        Assert.Equal("tiny-random-llama", m.Model.Name);
        Assert.Equal(new FileInfo(tiny.Path).Length, m.Model.FileBytes);
        Assert.Equal("llama", m.Model.Architecture);
        Assert.Equal("F32", m.Model.TensorType);
        Assert.True(m.Model.Parameters > 50_000, $"parameters {m.Model.Parameters}");
        Assert.Equal(ModelRole.Student, m.Model.Role);

        // Speed: every number positive and consistent.
        Assert.Equal(8, m.Speed.ParallelSequences);
        Assert.Equal(result.Predictions.Sum(p => p.CompletionTokens), m.Speed.GeneratedTokens);
        Assert.InRange(m.Speed.GeneratedTokens, 16, 16 * 24);
        Assert.True(m.Speed.TokensPerSecond > 0 && m.Speed.WallSeconds > 0);
        Assert.True(m.Speed.TtftMsP50 > 0 && m.Speed.TtftMsP95 >= m.Speed.TtftMsP50);
        Assert.True(m.Speed.PerTokenMsP50 > 0 && m.Speed.PerTokenMsP95 >= m.Speed.PerTokenMsP50);
        Assert.True(m.PeakRssBytes > 10_000_000, $"peak rss {m.PeakRssBytes}");

        // Files read back.
        var predictions = await PredictionsFile.ReadAsync(Path.Combine(output, "predictions.parquet"));
        Assert.Equal(16, predictions.Count);
        Assert.Equal(Items.Select(i => i.Id), predictions.Select(p => p.Id));
        Assert.Equal(Items.Select(i => i.Reference), predictions.Select(p => p.Reference));
        Assert.All(predictions, p =>
        {
            Assert.Equal(p.Answer is null, p.ParseFailed);
            Assert.InRange(p.CompletionTokens, 1, 24);
            Assert.True(p.PromptTokens > 10);
            Assert.True(p.TtftMs > 0 && p.LatencyMs >= p.TtftMs);
        });
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "metrics.json")));
        Assert.Equal(tiny.Path, json.RootElement.GetProperty("model").GetProperty("path").GetString());
        Assert.Equal(16, json.RootElement.GetProperty("accuracy").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Many_sequences_per_batch_give_the_same_greedy_outputs_as_one_at_a_time()
    {
        var items = Items.Take(8).ToArray();
        var alone = await EvaluationRunner.RunGgufAsync(tiny.Path, items, Options(_dir.Combine("alone")),
            new GgufAnswerSourceOptions { ParallelSequences = 1, ContextSize = 256, Threads = 1 });
        var batched = await EvaluationRunner.RunGgufAsync(tiny.Path, items, Options(_dir.Combine("batched")),
            new GgufAnswerSourceOptions { ParallelSequences = 8, ContextSize = 256, Threads = 1 });

        Assert.Equal(alone.Predictions.Select(p => p.Output), batched.Predictions.Select(p => p.Output));
        Assert.Equal(alone.Predictions.Select(p => p.CompletionTokens), batched.Predictions.Select(p => p.CompletionTokens));
        Assert.True(alone.Predictions.Select(p => p.Output).Distinct().Count() > 1, "questions should lead to different continuations");
    }

    [Fact]
    public async Task A_chat_template_format_runs_on_a_model_without_a_chat_template()
    {
        var template = PromptTemplate.Parse("name: t\nsystem: Be brief.\nuser: '{{instruction}}'\n"u8.ToArray(), "t.yaml");

        var result = await EvaluationRunner.RunGgufAsync(tiny.Path, Items.Take(2).ToArray(),
            Options(_dir.Combine("chat")) with { Format = QuestionFormat.Template(template) },
            new GgufAnswerSourceOptions { ParallelSequences = 2, ContextSize = 256, Threads = 1 });

        // The plain transcript ("System: …\n\nUser: …\n\nAssistant:") is longer than the question alone.
        Assert.All(result.Predictions, p => Assert.True(p.PromptTokens > p.Instruction.Length / 4));
        Assert.Equal(template.Id, result.Metrics.Tasks.Template);
    }

    [Fact]
    public async Task A_missing_model_is_one_clear_error_and_writes_nothing()
    {
        var output = _dir.Combine("eval");
        var e = await Assert.ThrowsAsync<InvalidInputException>(() =>
            EvaluationRunner.RunGgufAsync(_dir.Combine("absent.gguf"), Items, Options(output)));

        Assert.Contains("absent.gguf", e.Message, StringComparison.Ordinal);
        Assert.Contains("not found", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task A_corrupt_model_is_one_clear_error_before_llama_cpp_sees_it()
    {
        var bad = _dir.Combine("truncated.gguf");
        var bytes = await File.ReadAllBytesAsync(tiny.Path);
        await File.WriteAllBytesAsync(bad, bytes.AsMemory(0, bytes.Length / 3));
        var notGguf = _dir.Combine("text.gguf");
        await File.WriteAllTextAsync(notGguf, "this is not a model");

        foreach (var path in new[] { bad, notGguf })
        {
            var e = await Assert.ThrowsAnyAsync<InvalidInputException>(() =>
                EvaluationRunner.RunGgufAsync(path, Items, Options(_dir.Combine("eval"))));
            Assert.Contains(Path.GetFileName(path), e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', e.Message);
        }
    }

    private static EvaluationOptions Options(string output) => new()
    {
        OutputDirectory = output,
        Format = QuestionFormat.Student(StudentFormat.Target.ChainOfThought),
        MaxTokens = 24,
    };

    public void Dispose() => _dir.Dispose();
}
