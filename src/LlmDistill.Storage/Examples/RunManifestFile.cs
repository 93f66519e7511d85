using System.Text.Json;
using LlmDistill.Core.Errors;
using LlmDistill.Core.Examples;
using LlmDistill.Storage.IO;

namespace LlmDistill.Storage.Examples;

/// <summary>
/// Reads and writes <c>manifest.json</c>: indented, snake_case JSON, written atomically, its configuration
/// always passed through <see cref="SecretRedactor"/> on the way out, whoever built the manifest.
/// </summary>
public static class RunManifestFile
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        IndentSize = 2,
    };

    public static async Task WriteAsync(string path, RunManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var safe = manifest with { Configuration = SecretRedactor.Redact(manifest.Configuration) };
        await AtomicFile.WriteAsync(path, async (stream, ct) =>
        {
            await JsonSerializer.SerializeAsync(stream, safe, Json, ct);
            await stream.WriteAsync("\n"u8.ToArray(), ct);
        }, overwrite: true, cancellationToken);
    }

    /// <summary>Reads a manifest; null when there is none. A malformed or newer manifest is one clear error.</summary>
    public static async Task<RunManifest?> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
            return null;
        RunManifest? manifest;
        try
        {
            await using var stream = File.OpenRead(path);
            manifest = await JsonSerializer.DeserializeAsync<RunManifest>(stream, Json, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}: malformed run manifest ({e.Message.Split('\n', 2)[0].Trim()})", e);
        }
        if (manifest is null)
            throw new InvalidInputException($"{path}: malformed run manifest (null)");
        if (manifest.SchemaVersion > RunManifest.CurrentSchemaVersion)
        {
            throw new InvalidInputException($"{path}: written by a newer llm-distill (schema version {manifest.SchemaVersion}, "
                + $"this one reads up to {RunManifest.CurrentSchemaVersion}); upgrade llm-distill");
        }
        return manifest;
    }
}
