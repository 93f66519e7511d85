using LlmDistill.Core.Text;

namespace LlmDistill.Core.Tests.Text;

public sealed class RougeLTests
{
    [Fact]
    public void Matches_rouge_score_on_its_documented_example() =>
        // rouge_score's README: rougeL precision 0.625, recall 0.5556, fmeasure 0.5882.
        Assert.Equal(2.0 * 5 / 17, RougeL.Score("The quick brown dog jumps on the log.", "The quick brown fox jumps over the lazy dog"), 10);

    [Theory]
    [InlineData("Give me three tips.", "give ME three TIPS!!", 1.0)]
    [InlineData("abc", "xyz", 0.0)]
    [InlineData("", "anything", 0.0)]
    public void Tokenises_like_rouge_score(string a, string b, double expected) =>
        Assert.Equal(expected, RougeL.Score(a, b), 10);

    [Fact]
    public void Lcs_is_the_longest_common_subsequence() =>
        Assert.Equal(4, RougeL.Lcs<char>("ABCBDAB".AsSpan(), "BDCABA".AsSpan()));
}
