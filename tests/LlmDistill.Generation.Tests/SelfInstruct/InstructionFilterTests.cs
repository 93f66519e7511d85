using LlmDistill.Generation.SelfInstruct;

namespace LlmDistill.Generation.Tests.SelfInstruct;

public sealed class InstructionFilterTests
{
    [Theory]
    [InlineData("Suggest a healthy breakfast for a runner.", null)]
    [InlineData("Do it now", "too_short")]
    [InlineData("Describe the image of a sunset over the sea.", "blacklisted:image")]
    [InlineData("Tell me how to go to the station from the airport.", "blacklisted:go to")]
    [InlineData("Write a program that sorts a list of numbers.", "program")]
    [InlineData("\"Quote\" this sentence back to me please.", "starts_with_punctuation")]
    [InlineData("Écris un poème sur la mer du Nord.", "starts_with_non_ascii")]
    public void Applies_alpacas_rules(string instruction, string? reason) =>
        Assert.Equal(reason, InstructionFilter.Reject(instruction));

    [Fact]
    public void Blacklisted_words_match_whole_words_only() =>
        Assert.Null(InstructionFilter.Reject("Summarize the profile of this customer briefly."));
}
