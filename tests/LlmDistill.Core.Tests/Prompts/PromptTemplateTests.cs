using System.Text;
using LlmDistill.Core.Errors;
using LlmDistill.Core.Prompts;
using LlmDistill.Tests.Shared;

namespace LlmDistill.Core.Tests.Prompts;

public sealed class PromptTemplateTests
{
    private static PromptTemplate Parse(string yaml) => PromptTemplate.Parse(Encoding.UTF8.GetBytes(yaml), "t.yaml");

    private static readonly Dictionary<string, string> Question = new() { ["instruction"] = "What is 2+3?" };

    [Fact]
    public void Every_template_shipped_in_prompts_loads_and_renders()
    {
        var files = Directory.GetFiles(Path.Combine(LlamaCppSource.RepoRoot, "prompts"), "*.yaml");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var template = PromptTemplate.Load(file);
            Assert.Equal(Path.GetFileNameWithoutExtension(file), template.Name);
            var declared = template.Variables.Except(PromptTemplate.BuiltInVariables).ToList();
            var messages = template.Render(Question.Concat(declared.Select(v => KeyValuePair.Create(v, $"<{v}>"))).ToDictionary());
            var last = messages[^1].Content;
            Assert.True(template.Variables.Contains("instruction") ? last.Contains("What is 2+3?") : declared.Count > 0, template.Name);
            Assert.All(declared, v => Assert.Contains($"<{v}>", last));
        }
    }

    [Fact]
    public void Renders_system_examples_and_question_in_order()
    {
        var t = Parse("""
            name: t
            system: Be brief.
            user: "Q: {{instruction}}"
            examples:
              - instruction: "1+1?"
                output: "#### 2"
            """);

        var m = t.Render(Question);

        Assert.Equal(["system", "user", "assistant", "user"], m.Select(x => x.Role));
        Assert.Equal(["Be brief.", "Q: 1+1?", "#### 2", "Q: What is 2+3?"], m.Select(x => x.Content));
        Assert.Equal(["instruction"], t.Variables);
    }

    [Fact]
    public void An_optional_section_appears_only_when_its_variable_has_a_value()
    {
        var t = Parse("name: t\nuser: \"{{instruction}}{{#input}}\\nInput: {{input}}{{/input}}\"");

        Assert.Equal("What is 2+3?", t.Render(Question)[^1].Content);
        Assert.Equal("What is 2+3?\nInput: data",
            t.Render(new Dictionary<string, string>(Question) { ["input"] = "data" })[^1].Content);
    }

    [Fact]
    public void An_unknown_variable_is_an_error_at_load_time_with_its_line()
    {
        var e = Assert.Throws<InvalidInputException>(() => Parse("name: t\nsystem: hi\nuser: \"{{questoin}}\""));
        Assert.Equal("t.yaml:3: unknown variable {{questoin}} (known: instruction, input)", e.Message);
    }

    [Fact]
    public void A_declared_variable_must_have_a_value_when_rendering()
    {
        var t = Parse("name: t\nvariables: [count]\nuser: \"Write {{count}} tasks like {{instruction}}\"");

        var e = Assert.Throws<InvalidInputException>(() => t.Render(Question));
        Assert.Contains("no value for {{count}}", e.Message);
        Assert.Equal("Write 3 tasks like What is 2+3?",
            t.Render(new Dictionary<string, string>(Question) { ["count"] = "3" })[^1].Content);
    }

    [Theory]
    [InlineData("name: t\nuser: \"{{instruction}}\"\nexamples:\n  - instruction: a\n", "example 1 has no 'output'")]
    [InlineData("name: t\nuser: \"{{instruction}}\"\nexamples:\n  - output: a\n", "example 1 gives no value for {{instruction}}")]
    [InlineData("name: t\nuser: x\nexamples:\n  - output: a\n    colour: red\n", "example 1 has unknown variable 'colour'")]
    [InlineData("user: x\n", "missing 'name'")]
    [InlineData("name: t\n", "missing 'user'")]
    public void Malformed_templates_are_named_errors(string yaml, string message)
    {
        var e = Assert.Throws<InvalidInputException>(() => Parse(yaml));
        Assert.Contains(message, e.Message);
        Assert.StartsWith("t.yaml", e.Message);
    }

    [Fact]
    public void An_unknown_key_names_its_line()
    {
        var e = Assert.Throws<InvalidInputException>(() => Parse("name: t\nuser: x\nsytem: y\n"));
        Assert.StartsWith("t.yaml:3:", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void The_id_changes_with_the_content()
    {
        var a = Parse("name: t\nuser: \"{{instruction}}\"");
        var b = Parse("name: t\nuser: \"Q: {{instruction}}\"");

        Assert.StartsWith("t@", a.Id);
        Assert.Equal(64, a.Sha256.Length);
        Assert.NotEqual(a.Id, b.Id);
    }

    [Fact]
    public void Resolve_lists_the_known_templates_when_a_name_is_wrong()
    {
        var dir = Path.Combine(LlamaCppSource.RepoRoot, "prompts");
        var e = Assert.Throws<InvalidInputException>(() => PromptTemplate.Resolve("step-by-stpe", dir));
        Assert.Contains("known: answer-only, question, self-instruct, step-by-step", e.Message);
        Assert.Equal("step-by-step", PromptTemplate.Resolve("step-by-step", dir).Name);
    }
}
