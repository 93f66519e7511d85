using System.Text.Json;
using LlmDistill.Cli.Output;
using LlmDistill.Gguf;
using Spectre.Console;

namespace LlmDistill.Cli.Commands.Inspect;

/// <summary>Prints what a GGUF file holds: architecture, hyper-parameters, parameters by tensor type, tokenizer.</summary>
internal static class GgufInspection
{
    private const int MaxShownArrayItems = 8;

    public static void Print(AppConsole console, string path, bool listTensors, bool json)
    {
        var gguf = GgufFile.Read(path);
        var architecture = gguf.Metadata.TryGetValue(GgufKeys.Architecture, out var arch) ? arch.ToString() : "(none)";
        var parameters = gguf.Tensors.Sum(t => t.ElementCount);
        var byType = gguf.Tensors.GroupBy(t => t.Type)
            .Select(g => (Type: g.Key.ToString(), Tensors: g.Count(), Parameters: g.Sum(t => t.ElementCount), Bytes: g.Sum(t => t.ByteSize)))
            .OrderByDescending(g => g.Parameters).ToList();
        var tokenizer = TokenizerSummary(gguf);

        if (json)
        {
            console.Result(JsonSerializer.Serialize(new
            {
                format = "gguf",
                path,
                bytes = gguf.FileLength,
                version = gguf.Version,
                architecture,
                parameters,
                tensor_types = byType.Select(t => new { type = t.Type, tensors = t.Tensors, parameters = t.Parameters, bytes = t.Bytes }),
                tokenizer,
                metadata = gguf.Metadata.ToDictionary(kv => kv.Key, kv => Show(kv.Value)),
                tensors = listTensors ? gguf.Tensors.Select(t => new { name = t.Name, type = t.Type.ToString(), shape = t.Shape }) : null,
            }, JsonOutput.Options));
            return;
        }

        var overview = new Grid().AddColumn().AddColumn();
        overview.AddRow("file", Markup.Escape(path));
        overview.AddRow("format", $"GGUF v{gguf.Version}, {Format.Bytes(gguf.FileLength)}");
        overview.AddRow("architecture", Markup.Escape(architecture));
        overview.AddRow("parameters", $"{Format.Count(parameters)} ({parameters:N0}) in {gguf.Tensors.Count} tensors");
        foreach (var (key, value) in tokenizer)
            overview.AddRow("tokenizer " + key, Markup.Escape(value?.ToString() ?? ""));
        console.Result(overview);

        var types = new Table().Title("tensor types").AddColumns("type", "tensors", "parameters", "size");
        foreach (var t in byType)
            types.AddRow(t.Type, t.Tensors.ToString(), Format.Count(t.Parameters), Format.Bytes(t.Bytes));
        console.Result(types);

        var metadata = new Table().Title("metadata").AddColumns("key", "type", "value");
        foreach (var (key, value) in gguf.Metadata)
            metadata.AddRow(Markup.Escape(key), Markup.Escape(value.TypeName), Markup.Escape(Show(value)));
        console.Result(metadata);

        if (listTensors)
        {
            var table = new Table().Title("tensors").AddColumns("name", "type", "shape", "size");
            foreach (var t in gguf.Tensors)
                table.AddRow(Markup.Escape(t.Name), t.Type.ToString(), Markup.Escape($"[{string.Join(", ", t.Shape)}]"), Format.Bytes(t.ByteSize));
            console.Result(table);
        }
    }

    private static Dictionary<string, object?> TokenizerSummary(GgufFile gguf)
    {
        var m = gguf.Metadata;
        var summary = new Dictionary<string, object?>();
        if (!m.TryGetValue(GgufKeys.TokenizerModel, out var model))
            return summary;
        summary["model"] = model.ToString();
        if (m.TryGetValue(GgufKeys.TokenizerPre, out var pre))
            summary["pre"] = pre.ToString();
        var tokens = m.TryGetValue(GgufKeys.TokenizerTokens, out var t) && t.IsArray && t.ElementType == GgufValueType.String
            ? t.AsStringArray() : [];
        summary["vocab_size"] = tokens.Length;
        if (m.TryGetValue(GgufKeys.TokenizerMerges, out var merges) && merges.IsArray)
            summary["merges"] = merges.ArrayLength;
        foreach (var (name, key) in new[] { ("bos", GgufKeys.TokenizerBosId), ("eos", GgufKeys.TokenizerEosId), ("pad", GgufKeys.TokenizerPaddingId) })
        {
            if (m.TryGetValue(key, out var id) && !id.IsArray && id.Type != GgufValueType.String)
            {
                var i = id.ToInt64();
                summary[name] = i >= 0 && i < tokens.Length ? $"{i} {tokens[i]}" : i.ToString();
            }
        }
        summary["chat_template"] = m.ContainsKey(GgufKeys.ChatTemplate) ? "yes" : "no";
        return summary;
    }

    // Strings are quoted so that whitespace and control tokens stay visible.
    private static string Show(GgufValue value)
    {
        if (!value.IsArray || value.ElementType != GgufValueType.String)
            return Format.Truncate(value.ToString(), 120);
        var items = value.AsStringArray();
        var shown = items.Take(MaxShownArrayItems).Select(s => JsonSerializer.Serialize(s, JsonOutput.Compact));
        var more = items.Length > MaxShownArrayItems ? $", … ({items.Length:N0} items)" : "";
        return $"[{string.Join(", ", shown)}{more}]";
    }
}
