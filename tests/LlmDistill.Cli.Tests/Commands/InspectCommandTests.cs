using System.Text.Json;
using LlmDistill.Core.Errors;
using LlmDistill.Gguf;
using LlmDistill.Gguf.Llama;
using LlmDistill.Gguf.Tokenizer;
using Parquet.Serialization;

namespace LlmDistill.Cli.Tests.Commands;

public sealed class InspectCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("llmd-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_missing_file_is_one_line_and_exit_code_3()
    {
        var path = Path.Combine(_dir, "missing.gguf");
        var run = await CliRun.InvokeAsync("inspect", path);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal([$"error: {path}: file not found"], run.ErrorLines);
    }

    [Fact]
    public async Task A_file_of_another_format_is_named()
    {
        var path = Path.Combine(_dir, "notes.txt");
        await File.WriteAllTextAsync(path, "hello");
        var run = await CliRun.InvokeAsync("inspect", path);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal([$"error: {path}: neither a GGUF nor a Parquet file"], run.ErrorLines);
    }

    private sealed record Row(string instruction, string output, int sample_index);

    [Fact]
    public async Task A_parquet_file_shows_its_schema_and_rows()
    {
        var path = Path.Combine(_dir, "part-00000.parquet");
        await ParquetSerializer.SerializeAsync(Enumerable.Range(0, 7).Select(i => new Row($"q{i}", $"a{i}", i)), path);

        var table = await CliRun.InvokeAsync("inspect", path);
        var json = await CliRun.InvokeAsync("inspect", path, "--json");

        Assert.Equal(0, table.ExitCode);
        Assert.Contains("instruction", table.Stdout);
        Assert.Contains("7 in 1 row group(s)", table.Stdout);
        using var doc = JsonDocument.Parse(json.Stdout);
        Assert.Equal(7, doc.RootElement.GetProperty("rows").GetInt64());
        Assert.Equal(["instruction", "output", "sample_index"],
            doc.RootElement.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
    }

    private string TinyModel(GgufTensorType type = GgufTensorType.F32)
    {
        var path = Path.Combine(_dir, "tiny.gguf");
        var tokenizer = ByteLevelBpeVocabulary.Create();
        LlamaGgufWriter.WriteRandom(path, new LlamaHyperParameters(tokenizer.Tokens.Length, 64, 2, 4, 2, 128, 256), seed: 1, type, tokenizer);
        return path;
    }

    [Fact]
    public async Task A_gguf_model_shows_architecture_parameters_types_and_tokenizer()
    {
        var path = TinyModel(GgufTensorType.Q8_0);

        var table = await CliRun.InvokeAsync("inspect", path, "--tensors");
        var json = await CliRun.InvokeAsync("inspect", path, "--json");

        Assert.Equal(0, table.ExitCode);
        Assert.Contains("llama", table.Stdout);
        Assert.Contains("blk.1.ffn_down.weight", table.Stdout);
        using var doc = JsonDocument.Parse(json.Stdout);
        var root = doc.RootElement;
        Assert.Equal("llama", root.GetProperty("architecture").GetString());
        var gguf = GgufFile.Read(path);
        Assert.Equal(gguf.Tensors.Sum(t => t.ElementCount), root.GetProperty("parameters").GetInt64());
        Assert.Contains(root.GetProperty("tensor_types").EnumerateArray(), t => t.GetProperty("type").GetString() == "Q8_0");
        Assert.Contains(root.GetProperty("tensor_types").EnumerateArray(), t => t.GetProperty("type").GetString() == "F32");
        var tokenizer = root.GetProperty("tokenizer");
        Assert.Equal("gpt2", tokenizer.GetProperty("model").GetString());
        Assert.Equal(gguf.GetStringArray(GgufKeys.TokenizerTokens).Length, tokenizer.GetProperty("vocab_size").GetInt32());
    }

    [Fact]
    public async Task A_truncated_gguf_is_one_line_and_exit_code_3()
    {
        var path = TinyModel();
        var bytes = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length / 3)]);

        var run = await CliRun.InvokeAsync("inspect", path);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith($"error: {path}", line);
    }

    [Fact]
    public async Task A_gguf_with_a_corrupt_header_is_one_line_and_exit_code_3()
    {
        var path = TinyModel();
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[4] = 99; // version
        await File.WriteAllBytesAsync(path, bytes);

        var run = await CliRun.InvokeAsync("inspect", path);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Single(run.ErrorLines);
    }
}
