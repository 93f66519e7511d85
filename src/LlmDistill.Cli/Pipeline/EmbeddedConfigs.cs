namespace LlmDistill.Cli.Pipeline;

/// <summary>The configs built into the tool (configs/quickstart*.yaml), so that <c>quickstart</c> needs no file.</summary>
internal static class EmbeddedConfigs
{
    public static string Read(string fileName)
    {
        using var stream = typeof(EmbeddedConfigs).Assembly.GetManifestResourceStream("LlmDistill.Cli.Configs." + fileName)
            ?? throw new InvalidOperationException($"built-in config {fileName} is missing from the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
