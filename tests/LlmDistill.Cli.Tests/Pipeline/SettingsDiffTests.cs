using LlmDistill.Cli.Pipeline;

namespace LlmDistill.Cli.Tests.Pipeline;

public sealed class SettingsDiffTests
{
    [Theory]
    [InlineData("train --steps 1000 --batch 8", "train --steps 2000 --batch 8", "steps 1000 → 2000")]
    [InlineData("train --steps 1000", "train --steps 1000 --kd-topk 5", "kd-topk (default) → 5")]
    [InlineData("train --packing --steps 3", "train --steps 3", "packing on → (default)")]
    [InlineData("eval --label a=1 --label b=2", "eval --label a=1", "label a=1 b=2 → a=1")]
    [InlineData("tasks split a.jsonl --out x", "tasks split b.jsonl --out x", "arguments tasks split a.jsonl → tasks split b.jsonl")]
    public void A_change_reads_as_option_old_to_new(string before, string after, string expected) =>
        Assert.Equal(expected, SettingsDiff.Describe(before.Split(' '), after.Split(' ')));
}
