using LlmDistill.Core.Examples;

namespace LlmDistill.Core.Tests.Examples;

public sealed class ExampleTests
{
    [Fact]
    public void Ids_are_stable_across_versions()
    {
        // Pinned, = sha256("8:gsm8k-1712:cot@0123abcd2")[:16]: a changed hash would make every resumed
        // run regenerate everything it already has.
        Assert.Equal("e14406a88e64a542", Example.MakeId("gsm8k-17", "cot@0123abcd", 2));
    }

    [Fact]
    public void Ids_are_short_lowercase_hex()
    {
        var id = Example.MakeId("q", "t@x", 0);
        Assert.Equal(16, Example.IdLength);
        Assert.Matches("^[0-9a-f]{16}$", id);
    }

    [Fact]
    public void Each_part_of_the_key_changes_the_id()
    {
        var ids = new[]
        {
            Example.MakeId("q1", "t@a", 0), Example.MakeId("q2", "t@a", 0),
            Example.MakeId("q1", "t@b", 0), Example.MakeId("q1", "t@a", 1),
        };
        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Fact]
    public void Moving_text_between_parts_changes_the_id()
    {
        // Without length prefixes both would hash "ab" + "c".
        Assert.NotEqual(Example.MakeId("ab", "c", 1), Example.MakeId("a", "bc", 1));
        Assert.NotEqual(Example.MakeId("a1", "b", 1), Example.MakeId("a", "1b", 1));
    }

    [Fact]
    public void Empty_parts_and_negative_indices_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Example.MakeId("", "t", 0));
        Assert.Throws<ArgumentException>(() => Example.MakeId("q", "", 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Example.MakeId("q", "t", -1));
    }

    [Fact]
    public void Column_names_are_the_documented_snake_case_names_in_order()
    {
        Assert.Equal(
            ["id", "task", "instruction", "input", "reference", "rationale", "answer", "output", "teacher", "template",
             "sample_index", "temperature", "prompt_tokens", "completion_tokens", "latency_ms", "finish_reason",
             "status", "top_logprobs", "created_at"],
            ExampleColumns.All);
    }
}
