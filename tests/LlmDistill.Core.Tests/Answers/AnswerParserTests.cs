using LlmDistill.Core.Answers;

namespace LlmDistill.Core.Tests.Answers;

public sealed class AnswerParserTests
{
    private readonly AnswerParser _parser = new();

    [Theory]
    [InlineData("4*12=48. 23+48=71. #### 71", "4*12=48. 23+48=71.", "71")]
    [InlineData("steps\n#### 1,200\nextra text", "steps", "1200")]
    [InlineData("a #### 3 #### 4", "a #### 3", "4")]
    [InlineData("#### $5.00", "", "5")]
    [InlineData("x ####   -7.", "x", "-7")]
    [InlineData("x #### Paris ", "x", "paris")]
    public void Splits_rationale_and_normalised_answer(string text, string rationale, string answer)
    {
        var parsed = _parser.Parse(text);
        Assert.Equal(rationale, parsed.Rationale);
        Assert.Equal(answer, parsed.Answer);
        Assert.True(parsed.Succeeded);
    }

    [Theory]
    [InlineData("4*12=48. 23+48=71.")]
    [InlineData("the answer is #### ")]
    [InlineData("")]
    public void Output_without_a_final_answer_is_a_parse_failure(string text) =>
        Assert.False(_parser.Parse(text).Succeeded);

    [Theory]
    [InlineData("1,200", "1200.0")]
    [InlineData("$42", "42")]
    [InlineData("0.50", ".5")]
    [InlineData("Big  Ben", "big ben")]
    public void Equivalent_answers_compare_equal(string a, string b) => Assert.True(AnswerParser.AreEquivalent(a, b));

    [Theory]
    [InlineData("12", "21")]
    [InlineData("1,2", "12")]
    public void Different_answers_do_not(string a, string b) => Assert.False(AnswerParser.AreEquivalent(a, b));

    [Fact]
    public void A_custom_marker_is_honoured() =>
        Assert.Equal("9", new AnswerParser("Answer:").Parse("3*3=9. Answer: 9").Answer);
}
