using LlmDistill.Core.Errors;
using LlmDistill.Llama.Native;

namespace LlmDistill.Llama.Tests.Native;

public class LlamaLibraryTests
{
    [Fact]
    public void Build_copies_the_libraries_beside_the_tests_and_they_are_used_from_there()
    {
        var llamaDir = Path.Combine(AppContext.BaseDirectory, "llama");
        Assert.True(File.Exists(Path.Combine(llamaDir, "libllama.v0.5.0.so")));
        Assert.True(File.Exists(Path.Combine(llamaDir, "libggml.v0.5.0.so")));
        Assert.True(File.Exists(Path.Combine(llamaDir, "libggml-base.so")));
        Assert.NotEmpty(Directory.GetFiles(llamaDir, "libggml-cpu-*.so"));

        LlamaRuntime.EnsureAvailable();

        if (Environment.GetEnvironmentVariable(LlamaLibrary.DirectoryVariable) is null)
            Assert.Equal(Path.GetFullPath(llamaDir), LlamaRuntime.LibraryDirectory);
    }

    [Fact]
    public void Missing_libraries_are_a_runtime_error_that_says_what_to_do()
    {
        var nowhere = Path.Combine(Path.GetTempPath(), "llm-distill-no-llama-here");

        var e = Assert.Throws<RuntimeUnavailableException>(() => LlamaLibrary.FindDirectory([nowhere]));

        Assert.Contains(nowhere, e.Message);
        Assert.Contains("scripts/fetch-llama-cpp.sh", e.Message);
        Assert.Contains(LlamaLibrary.DirectoryVariable, e.Message);
    }

    [Fact]
    public void The_cache_folder_follows_the_fetch_script()
    {
        var dir = LlamaLibrary.CacheDirectory();

        // The script prints its cache folder; the source tree and the binaries live side by side in it.
        Assert.Equal(Path.Combine(Path.GetDirectoryName(LlamaCppSource.Directory)!, "bins"), dir);
    }

    [Fact]
    public void Llama_cpp_log_goes_to_the_handler_instead_of_stderr()
    {
        var lines = new System.Collections.Concurrent.ConcurrentQueue<(LlamaLogLevel, string)>();
        LlamaRuntime.LogHandler = (level, line) => lines.Enqueue((level, line));
        try
        {
            using var model = LlamaModelTokenizerTests.LoadLlamaBpe();
        }
        finally
        {
            LlamaRuntime.LogHandler = null;
        }

        Assert.Contains(lines, l => l.Item2.Contains("llama_model_loader", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Item1 == LlamaLogLevel.Continue);
    }
}
