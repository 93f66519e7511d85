using LlmDistill.Core.Errors;
using LlmDistill.Core.Tasks;
using LlmDistill.Training.Data;

namespace LlmDistill.Training.Tests.Data;

public class DistillRecordsTests
{
    [Fact]
    public void Jsonl_rows_become_records_and_a_bad_line_is_named()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "records.jsonl");
        File.WriteAllLines(path,
        [
            """{"instruction":"2+3?","input":"","rationale":"2+3=5.","answer":"5"}""",
            "",
            """{"instruction":"Name a colour","answer":"red"}""",
        ]);
        Assert.Equal(
            [new DistillRecord("2+3?", "", "2+3=5.", "5"), new DistillRecord("Name a colour", "", null, "red")],
            DistillRecords.ReadJsonl(path));

        File.AppendAllText(path, "{\"instruction\": 1}\n");
        var error = Assert.Throws<InvalidInputException>(() => DistillRecords.ReadJsonl(path));
        Assert.Contains(":4:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Task_items_give_their_ground_truth()
    {
        var item = ArithmeticWordProblems.Generate(1, seed: 1).Single();
        var record = Assert.Single(DistillRecords.FromTaskItems([item, item with { Reference = null }]));
        Assert.Equal((item.Instruction, item.ReferenceRationale, item.Reference), (record.Instruction, record.Rationale, record.Answer));
    }
}
