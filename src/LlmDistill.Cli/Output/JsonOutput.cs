using System.Text.Encodings.Web;
using System.Text.Json;

namespace LlmDistill.Cli.Output;

/// <summary>JSON written for people and programs alike: indented, non-ASCII kept as is.</summary>
internal static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static readonly JsonSerializerOptions Compact = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
