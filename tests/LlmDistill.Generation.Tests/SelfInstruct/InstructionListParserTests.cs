using LlmDistill.Generation.SelfInstruct;

namespace LlmDistill.Generation.Tests.SelfInstruct;

public sealed class InstructionListParserTests
{
    [Fact]
    public void Parses_alpaca_blocks_and_skips_the_echoed_examples()
    {
        const string text = """
            3. Instruction: Echo of a prompt example.
            3. Input:
            <noinput>
            3. Output:
            x
            ###
            4. Instruction: Sort these numbers in ascending order.
            4. Input:
            5, 2, 9
            4. Output:
            2, 5, 9
            ###
            5. Instruction: Name a colour of the sky.
            5. Input:
            <noinput>
            5. Output:
            Blue.
            ###
            6. Input:
            an orphan block without an instruction
            """;

        var items = InstructionListParser.Parse(text, firstNumber: 4);

        Assert.Equal(2, items.Count);
        Assert.Equal(new GeneratedInstruction("Sort these numbers in ascending order.", "5, 2, 9", "2, 5, 9"), items[0]);
        Assert.Equal(new GeneratedInstruction("Name a colour of the sky.", "", "Blue."), items[1]);
    }

    [Fact]
    public void Parses_a_plain_numbered_list_and_drops_a_cut_off_last_item()
    {
        const string text = "1) Plan a picnic for four people.\n2. Explain why the sky is blue\n   in two sentences.\n3. Write a haiku ab";

        var all = InstructionListParser.Parse(text);
        var cut = InstructionListParser.Parse(text, truncated: true);

        Assert.Equal(["Plan a picnic for four people.", "Explain why the sky is blue\n   in two sentences.", "Write a haiku ab"],
            all.Select(i => i.Instruction));
        Assert.Equal(2, cut.Count);
    }

    [Fact]
    public void Text_without_a_list_gives_nothing() =>
        Assert.Empty(InstructionListParser.Parse("I cannot help with that."));
}
