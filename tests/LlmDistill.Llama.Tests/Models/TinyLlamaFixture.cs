namespace LlmDistill.Llama.Tests.Models;

/// <summary>One random tiny llama model per test run, written to a temporary folder and loaded once.</summary>
public sealed class TinyLlamaFixture : IDisposable
{
    private readonly string _directory;

    public TinyLlamaFixture()
    {
        _directory = Directory.CreateTempSubdirectory("llm-distill-llama-tests-").FullName;
        Path = System.IO.Path.Combine(_directory, "tiny-llama.gguf");
        TinyLlamaGguf.Write(Path);
        Model = LlamaModel.Load(Path);
    }

    public string Path { get; }

    public LlamaModel Model { get; }

    public void Dispose()
    {
        Model.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
