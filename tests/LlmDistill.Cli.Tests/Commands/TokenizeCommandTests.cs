using System.Text.Json;
using LlmDistill.Core.Errors;
using LlmDistill.Tests.Shared;
using LlmDistill.Tokenization;
using LlmDistill.Tokenization.Training;

namespace LlmDistill.Cli.Tests.Commands;

public sealed class TokenizeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("llmd-cli-tok-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] Strings =
    [
        "Tom has 23 pencils. He buys 4 boxes of 12 pencils each.", "  leading spaces\tand\ttabs\n\nnew lines",
        "12345678901234567890", "emoji 👩‍👩‍👧 and ümlauts", "<|eos|> special text", "", "don't won't it's",
    ];

    private async Task<string> InputAsync()
    {
        var path = Path.Combine(_dir, "strings.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(Strings));
        return path;
    }

    private async Task<int[][]> TokenizeAsync(string model, string engine, params string[] extra)
    {
        var run = await CliRun.InvokeAsync(["tokenize", "--model", model, "--input", await InputAsync(), "--engine", engine, .. extra]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return JsonSerializer.Deserialize<int[][]>(run.Stdout)!;
    }

    public static TheoryData<string, string[]> Cases() => new()
    {
        { "ggml-vocab-qwen2.gguf", [] },
        { "ggml-vocab-llama-bpe.gguf", ["--add-special"] },
        { "ggml-vocab-llama-spm.gguf", ["--add-special", "--parse-special"] },
        { "trained", ["--parse-special"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Both_engines_give_the_same_ids(string vocabulary, string[] flags)
    {
        var model = vocabulary == "trained" ? TrainedVocabulary() : LlamaCppSource.Path("models", vocabulary);

        var managed = await TokenizeAsync(model, "managed", flags);
        var llama = await TokenizeAsync(model, "llama", flags);

        Assert.Equal(Strings.Length, managed.Length);
        Assert.Equal(llama, managed);
        Assert.NotEmpty(managed[0]);
    }

    private string TrainedVocabulary()
    {
        var corpus = Enumerable.Range(0, 300).Select(i => $"Tom has {i} pencils and buys {i % 7} boxes of {i % 13} each.");
        var path = Path.Combine(_dir, "trained.gguf");
        VocabularyGguf.Save(BpeTrainer.Train(corpus, new BpeTrainerOptions { VocabSize = 400 }), path);
        return path;
    }

    [Fact]
    public async Task A_malformed_input_file_is_one_line()
    {
        var input = Path.Combine(_dir, "bad.json");
        await File.WriteAllTextAsync(input, "{\"not\": \"an array\"}");

        var run = await CliRun.InvokeAsync("tokenize", "--model", LlamaCppSource.Path("models", "ggml-vocab-qwen2.gguf"), "--input", input);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.StartsWith($"error: {input}: expected a JSON array of strings", Assert.Single(run.ErrorLines));
    }

    [Theory]
    [InlineData("managed")]
    [InlineData("llama")]
    public async Task A_corrupt_model_is_one_line_for_either_engine(string engine)
    {
        var model = Path.Combine(_dir, "corrupt.gguf");
        var bytes = await File.ReadAllBytesAsync(LlamaCppSource.Path("models", "ggml-vocab-qwen2.gguf"));
        await File.WriteAllBytesAsync(model, bytes[..4096]);

        var run = await CliRun.InvokeAsync("tokenize", "--model", model, "--input", await InputAsync(), "--engine", engine);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.StartsWith($"error: {model}", Assert.Single(run.ErrorLines));
    }
}
