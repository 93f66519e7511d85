namespace LlmDistill.Serving.Protocol;

/// <summary>The fields every response and chunk of one request repeats.</summary>
/// <param name="Id">"chatcmpl-…" or "cmpl-…".</param>
/// <param name="Created">Unix seconds.</param>
/// <param name="Model">The model name served.</param>
internal sealed record ResponseHeader(string Id, long Created, string Model)
{
    public static ResponseHeader Create(string prefix, string model) =>
        new(prefix + Guid.NewGuid().ToString("N")[..24], DateTimeOffset.UtcNow.ToUnixTimeSeconds(), model);
}
