using LlmDistill.Core.Errors;
using LlmDistill.Core.Prompts;
using LlmDistill.Generation.Teachers;
using LlmDistill.Generation.Teachers.Gguf;
using LlmDistill.Gguf.Llama;
using LlmDistill.Gguf.Tokenizer;
using LlmDistill.Llama;

namespace LlmDistill.Generation.Tests.Teachers;

public sealed class GgufTeacherTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("llmd-gguf-teacher-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Model()
    {
        var path = Path.Combine(_dir, "teacher.gguf");
        var vocabulary = ByteLevelBpeVocabulary.Create();
        LlamaGgufWriter.WriteRandom(path, new LlamaHyperParameters(vocabulary.Tokens.Length, 64, 2, 4, 2, 128, 512), seed: 5, tokenizer: vocabulary);
        return path;
    }

    private static TeacherRequest Ask(string question, int logprobs = 0) =>
        new([new ChatMessage("user", question)]) { MaxTokens = 12, TopLogprobs = logprobs };

    [Fact]
    public async Task Concurrent_requests_give_the_same_greedy_answers_as_one_at_a_time()
    {
        var path = Model();
        string[] questions = ["What is 2+3?", "Name a colour.", "Tom has 4 apples.", "Count to three.", "Why?", "Hello there"];
        await using var alone = GgufTeacher.Load(path, parallel: 1, contextPerSequence: 256, threads: 1);
        var expected = new List<TeacherResponse>();
        foreach (var q in questions)
            expected.Add(await alone.CompleteAsync(Ask(q), CancellationToken.None));

        await using var batched = GgufTeacher.Load(path, parallel: 6, contextPerSequence: 256, threads: 1);
        var actual = await Task.WhenAll(questions.Select(q => batched.CompleteAsync(Ask(q), CancellationToken.None)));

        Assert.Equal(6, batched.Parallel);
        Assert.Equal(expected.Select(r => r.Text), actual.Select(r => r.Text));
        Assert.All(actual, r => Assert.True(r.CompletionTokens > 0 && r.PromptTokens > 0));
        Assert.Equal("gguf:teacher.gguf", batched.Name);
    }

    [Fact]
    public async Task Logprobs_carry_token_ids_and_are_sorted_per_position()
    {
        await using var teacher = GgufTeacher.Load(Model(), parallel: 2, contextPerSequence: 256, threads: 1);

        var response = await teacher.CompleteAsync(Ask("What is 2+3?", logprobs: 4), CancellationToken.None);

        var positions = response.TopLogprobs!.GroupBy(t => t.Position).ToList();
        Assert.Equal(response.CompletionTokens, positions.Count);
        Assert.All(positions, p =>
        {
            Assert.Equal(4, p.Count());
            Assert.Equal(p.Select(t => t.Logprob).OrderByDescending(x => x), p.Select(t => t.Logprob));
            Assert.All(p, t => Assert.True(t.Id is >= 0 && t.Logprob <= 0));
        });
    }

    [Theory]
    [InlineData("cot", "[cot] ")]
    [InlineData("step-by-step", "[rationale] ")]
    public async Task A_model_trained_by_llm_distill_is_asked_in_its_training_format(string recorded, string prefix)
    {
        var plain = Model();
        var trained = Path.Combine(_dir, $"{recorded}.gguf");
        var writer = new LlamaGgufWriter(new LlamaHyperParameters(ByteLevelBpeVocabulary.Create().Tokens.Length, 64, 2, 4, 2, 128, 512))
            .SetTokenizer(ByteLevelBpeVocabulary.Create()).FillRandom(seed: 5);
        writer.Writer.SetString(StudentFormat.MetadataKey, recorded);
        writer.Write(trained);
        await using var chat = GgufTeacher.Load(plain, parallel: 1, contextPerSequence: 256, threads: 1);
        await using var student = GgufTeacher.Load(trained, parallel: 1, contextPerSequence: 256, threads: 1);
        var request = new TeacherRequest([new ChatMessage("system", "Be brief."), new ChatMessage("user", "What is 2+3?")]) { MaxTokens = 4 };

        var response = await student.CompleteAsync(request, CancellationToken.None);
        var transcript = await chat.CompleteAsync(request, CancellationToken.None);

        using var model = LlamaModel.Load(trained);
        Assert.Equal(model.Tokenize($"{prefix}What is 2+3?\n", addSpecial: true, parseSpecial: true).Length, response.PromptTokens);
        Assert.NotEqual(response.PromptTokens, transcript.PromptTokens);
    }

    [Fact]
    public void A_missing_model_is_invalid_input() =>
        Assert.ThrowsAny<InvalidInputException>(() => GgufTeacher.Load(Path.Combine(_dir, "none.gguf")));
}
