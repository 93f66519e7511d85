using LlmDistill.Core.Examples;

namespace LlmDistill.Storage.Tests.Examples;

/// <summary>Examples that exercise every column: text with non-ASCII characters, nulls, logprobs or none.</summary>
internal static class TestExamples
{
    public static readonly DateTime Start = new(2026, 11, 25, 14, 45, 0, 123, 456, DateTimeKind.Utc);

    /// <summary>Row <paramref name="i"/>: ok, parse_failed, failed or filtered in turn, with logprobs on every other ok row.</summary>
    public static Example Make(int i, string source = "src")
    {
        var kind = i % 4;
        var failed = kind == 2;
        return new Example
        {
            Id = Example.MakeId($"{source}-{i / 2}", "cot@abc123", i % 2),
            Task = "arithmetic",
            Instruction = $"Sam has {i} apples — and buys 3 boxes of 4. How many now? 🍎",
            Input = i % 3 == 0 ? "" : $"context {i}",
            Reference = i % 5 == 0 ? null : (i + 12).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Rationale = failed ? null : $"3*4=12. {i}+12={i + 12}.",
            Answer = kind is 0 or 3 ? (i + 12).ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            Output = failed ? null : $"3*4=12. {i}+12={i + 12}. #### {i + 12}\n",
            Teacher = "openai:gpt-4o-mini",
            Template = "cot@abc123",
            SampleIndex = i % 2,
            Temperature = 0.7,
            PromptTokens = failed ? null : 40 + i,
            CompletionTokens = failed ? null : 20 + i,
            LatencyMs = 1000L + i,
            FinishReason = failed ? null : "stop",
            Status = kind switch
            {
                0 => ExampleStatus.Ok,
                1 => ExampleStatus.ParseFailed,
                2 => ExampleStatus.Failed("http_429"),
                _ => ExampleStatus.Filtered("wrong_answer"),
            },
            TopLogprobs = kind == 0 && i % 8 == 0
                ? [new(0, "3", 18, -0.01f), new(0, " three", null, -4.75f), new(1, "*", 9, -0.5f), new(1, "×", 1234, -1.25f)]
                : kind == 0 ? [] : null,
            CreatedAt = Start.AddSeconds(i),
        };
    }

    public static List<Example> Range(int start, int count, string source = "src") =>
        Enumerable.Range(start, count).Select(i => Make(i, source)).ToList();

    /// <summary>Asserts two examples equal field by field, the logprob list by content.</summary>
    public static void AssertSame(Example expected, Example actual)
    {
        Assert.Equal(expected with { TopLogprobs = null }, actual with { TopLogprobs = null });
        Assert.Equal(DateTimeKind.Utc, actual.CreatedAt.Kind);
        if (expected.TopLogprobs is null)
            Assert.Null(actual.TopLogprobs);
        else
            Assert.Equal(expected.TopLogprobs, Assert.IsAssignableFrom<IReadOnlyList<TopLogprob>>(actual.TopLogprobs));
    }
}
