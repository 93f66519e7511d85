namespace LlmDistill.Cli;

/// <summary>Where the tool finds its own files.</summary>
internal static class Paths
{
    /// <summary>
    /// The prompt templates: <c>LLM_DISTILL_PROMPTS</c> when set, else <c>prompts/</c> in the current folder
    /// when it exists (a checkout), else the copy shipped beside the program.
    /// </summary>
    public static string Prompts
    {
        get
        {
            if (Environment.GetEnvironmentVariable("LLM_DISTILL_PROMPTS") is { Length: > 0 } configured)
                return configured;
            var local = Path.Combine(Environment.CurrentDirectory, "prompts");
            return Directory.Exists(local) ? local : Path.Combine(AppContext.BaseDirectory, "prompts");
        }
    }
}
