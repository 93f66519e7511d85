using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using LlmDistill.Core.Answers;
using LlmDistill.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace LlmDistill.Core.Prompts;

/// <summary>
/// A prompt template from <c>prompts/NAME.yaml</c>: a system message, few-shot examples and a user
/// message with <c>{{variable}}</c> placeholders. Every placeholder must be a known variable
/// (<c>instruction</c>, <c>input</c>, or one listed under <c>variables:</c>) and every example must give
/// a value for each: mistakes are errors when the template loads, never blanks in a prompt.
/// <see cref="Id"/> (<c>name@sha256</c>) goes into every generated row.
/// </summary>
public sealed partial class PromptTemplate
{
    /// <summary>Variables every template may use: they come from each task item.</summary>
    public static readonly IReadOnlyList<string> BuiltInVariables = ["instruction", "input"];

    private PromptTemplate(string name, string description, string? system, string user, string answerMarker,
        IReadOnlyList<string> variables, IReadOnlyList<FewShotExample> examples, string sha256)
    {
        Name = name;
        Description = description;
        System = system;
        User = user;
        AnswerMarker = answerMarker;
        Variables = variables;
        Examples = examples;
        Sha256 = sha256;
    }

    public string Name { get; }
    public string Description { get; }
    public string? System { get; }
    public string User { get; }

    /// <summary>The text after which the final answer follows (GSM8K's <c>####</c> by default).</summary>
    public string AnswerMarker { get; }

    /// <summary>The variables this template's messages use.</summary>
    public IReadOnlyList<string> Variables { get; }

    public IReadOnlyList<FewShotExample> Examples { get; }

    /// <summary>Hex SHA-256 of the template file's bytes.</summary>
    public string Sha256 { get; }

    /// <summary><c>name@sha256</c>: which template, and exactly which version of it, made a row.</summary>
    public string Id => $"{Name}@{Sha256}";

    /// <summary>Loads and validates a template file.</summary>
    public static PromptTemplate Load(string path)
    {
        if (!File.Exists(path))
            throw new InvalidInputException($"{path}: template not found");
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Loads <c>NAME.yaml</c> from a prompts folder, or a path when <paramref name="nameOrPath"/> is one.</summary>
    public static PromptTemplate Resolve(string nameOrPath, string promptsDirectory)
    {
        if (File.Exists(nameOrPath))
            return Load(nameOrPath);
        var path = Path.Combine(promptsDirectory, nameOrPath + ".yaml");
        if (File.Exists(path))
            return Load(path);
        var known = Directory.Exists(promptsDirectory)
            ? string.Join(", ", Directory.EnumerateFiles(promptsDirectory, "*.yaml").Select(Path.GetFileNameWithoutExtension).Order())
            : "none";
        throw new InvalidInputException($"template '{nameOrPath}' not found in {promptsDirectory} (known: {known})");
    }

    /// <summary>Parses template YAML; <paramref name="source"/> names it in error messages.</summary>
    public static PromptTemplate Parse(byte[] content, string source)
    {
        var text = Encoding.UTF8.GetString(content);
        PromptTemplateFile file;
        try
        {
            file = Deserializer.Deserialize<PromptTemplateFile?>(text) ?? new PromptTemplateFile();
        }
        catch (YamlException e)
        {
            var inner = e.InnerException?.Message ?? e.Message;
            throw new InvalidInputException($"{source}:{e.Start.Line}: {FirstLine(inner)}", e);
        }

        var name = Required(file.Name, "name", source);
        var user = Required(file.User, "user", source);
        var declared = file.Variables ?? [];
        var known = BuiltInVariables.Concat(declared).ToHashSet(StringComparer.Ordinal);
        var used = new List<string>();
        foreach (var message in new[] { file.System, user })
        {
            foreach (Match m in Placeholder().Matches(Section().Replace(message ?? "", "$2{{$1}}")))
            {
                var variable = m.Groups[1].Value;
                if (!known.Contains(variable))
                    throw new InvalidInputException(
                        $"{source}:{LineOf(text, m.Value)}: unknown variable {{{{{variable}}}}} (known: {string.Join(", ", known)})");
                if (!used.Contains(variable))
                    used.Add(variable);
            }
        }

        var examples = new List<FewShotExample>();
        foreach (var (raw, index) in (file.Examples ?? []).Select((e, i) => (e, i + 1)))
        {
            if (!raw.TryGetValue("output", out var output) || string.IsNullOrWhiteSpace(output))
                throw new InvalidInputException($"{source}: example {index} has no 'output'");
            foreach (var variable in used.Where(v => v != "input" && !raw.ContainsKey(v)))
                throw new InvalidInputException($"{source}: example {index} gives no value for {{{{{variable}}}}}");
            foreach (var key in raw.Keys.Where(k => k != "output" && !known.Contains(k)))
                throw new InvalidInputException($"{source}: example {index} has unknown variable '{key}'");
            examples.Add(new FewShotExample(raw.Where(kv => kv.Key != "output").ToDictionary(), output));
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        return new PromptTemplate(name, file.Description ?? "", file.System, user,
            file.AnswerMarker ?? AnswerParser.DefaultMarker, used, examples, sha);
    }

    /// <summary>
    /// Renders the chat: system message, then each example as a user/assistant pair, then the question.
    /// <c>input</c> may be absent or empty; any other variable the template uses must have a value.
    /// </summary>
    public IReadOnlyList<ChatMessage> Render(IReadOnlyDictionary<string, string> values)
    {
        var messages = new List<ChatMessage>();
        if (!string.IsNullOrWhiteSpace(System))
            messages.Add(new ChatMessage(ChatMessage.SystemRole, Fill(System, values, allowEmpty: false)));
        foreach (var example in Examples)
        {
            messages.Add(new ChatMessage(ChatMessage.UserRole, Fill(User, example.Variables, allowEmpty: true)));
            messages.Add(new ChatMessage(ChatMessage.AssistantRole, example.Output.Trim()));
        }
        messages.Add(new ChatMessage(ChatMessage.UserRole, Fill(User, values, allowEmpty: false)));
        return messages;
    }

    private string Fill(string message, IReadOnlyDictionary<string, string> values, bool allowEmpty)
    {
        var sections = Section().Replace(message, m =>
            values.TryGetValue(m.Groups[1].Value, out var v) && v.Length > 0 ? m.Groups[2].Value : "");
        return Placeholder().Replace(sections, m =>
        {
            var variable = m.Groups[1].Value;
            if (values.TryGetValue(variable, out var value))
                return value;
            if (variable == "input" || allowEmpty)
                return "";
            throw new InvalidInputException($"template '{Name}': no value for {{{{{variable}}}}}");
        }).Trim();
    }

    private static string Required(string? value, string key, string source) =>
        string.IsNullOrWhiteSpace(value) ? throw new InvalidInputException($"{source}: missing '{key}'") : value;

    private static int LineOf(string text, string fragment)
    {
        var at = text.IndexOf(fragment, StringComparison.Ordinal);
        return at < 0 ? 0 : text.AsSpan(0, at).Count('\n') + 1;
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\{\{#([A-Za-z_][A-Za-z0-9_]*)\}\}(.*?)\{\{/\1\}\}", RegexOptions.Singleline)]
    private static partial Regex Section();
}
