namespace LlmDistill.Serving.Tests.Support;

/// <summary>A random API key in an environment variable of its own (unique name: tests run in parallel).</summary>
internal sealed class ApiKeyVariable : IDisposable
{
    private ApiKeyVariable(string name, string value)
    {
        Name = name;
        Value = value;
    }

    public string Name { get; }

    public string Value { get; }

    public static ApiKeyVariable Set()
    {
        var name = "LLM_DISTILL_TEST_KEY_" + Guid.NewGuid().ToString("N");
        var value = "sk-test-" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, value);
        return new ApiKeyVariable(name, value);
    }

    public void Dispose() => Environment.SetEnvironmentVariable(Name, null);
}
