using LlmDistill.Core.Examples;

namespace LlmDistill.Core.Tests.Examples;

public sealed class ExampleStatusTests
{
    [Theory]
    [InlineData("ok", true)]
    [InlineData("parse_failed", true)]
    [InlineData("filtered:wrong_answer", true)]
    [InlineData("failed:http 429", true)]
    [InlineData("failed:", false)]
    [InlineData("filtered", false)]
    [InlineData("OK", false)]
    [InlineData("failed:two\nlines", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Recognises_the_four_shapes(string? status, bool valid) => Assert.Equal(valid, ExampleStatus.IsValid(status));

    [Fact]
    public void Reasons_become_one_short_line()
    {
        var status = ExampleStatus.Failed("  HttpRequestException:\n  connection refused\r\n  at Foo.Bar()  ");
        Assert.Equal("failed:HttpRequestException: connection refused at Foo.Bar()", status);
        Assert.True(ExampleStatus.IsValid(status));

        var longOne = ExampleStatus.Filtered(new string('x', 500));
        Assert.Equal("filtered:".Length + ExampleStatus.MaxReasonLength, longOne.Length);
        Assert.True(ExampleStatus.IsValid(longOne));
    }

    [Fact]
    public void An_empty_reason_is_a_bug()
    {
        Assert.Throws<ArgumentException>(() => ExampleStatus.Failed(" \n "));
    }

    [Theory]
    [InlineData("ok", "ok")]
    [InlineData("parse_failed", "parse_failed")]
    [InlineData("filtered:too_long", "filtered")]
    [InlineData("failed:timeout: after 3 tries", "failed")]
    public void Kind_is_the_part_before_the_reason(string status, string kind) => Assert.Equal(kind, ExampleStatus.Kind(status));
}
