using LlmDistill.Serving.Faults;

namespace LlmDistill.Serving.Tests;

public sealed class ServeOptionsTests
{
    [Fact]
    public void Defaults_are_loopback_free_port_key_from_the_environment_and_no_faults()
    {
        var options = new ServeOptions { ModelPath = "/models/student-q8.gguf" };

        Assert.Equal("127.0.0.1", options.Host);
        Assert.Equal(0, options.Port);
        Assert.Equal("LLM_DISTILL_SERVE_API_KEY", options.ApiKeyEnvironmentVariable);
        Assert.False(options.Faults.Enabled);
        Assert.Same(FaultInjection.None, options.Faults);
        Assert.Equal("student-q8", options.EffectiveModelName);
        Assert.Equal("alias", (options with { ModelAlias = "alias" }).EffectiveModelName);
    }

    [Fact]
    public void Bad_values_are_rejected_as_they_are_set()
    {
        Assert.ThrowsAny<ArgumentException>(() => new ServeOptions { Port = 70000 });
        Assert.ThrowsAny<ArgumentException>(() => new ServeOptions { ParallelSequences = 0 });
        Assert.ThrowsAny<ArgumentException>(() => new ServeOptions { ContextSize = 8 });
        Assert.ThrowsAny<ArgumentException>(() => new ServeOptions { Threads = 0 });
        Assert.ThrowsAny<ArgumentException>(() => new ServeOptions { ApiKeyEnvironmentVariable = " " });
        Assert.ThrowsAny<ArgumentException>(() => new ServeOptions { Host = "my-host.example" });
        Assert.Equal("0.0.0.0", new ServeOptions { Host = "0.0.0.0" }.Host);
        Assert.Equal("localhost", new ServeOptions { Host = "localhost" }.Host);
    }
}
