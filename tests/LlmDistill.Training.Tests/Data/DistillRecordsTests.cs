using LlmDistill.Core.Errors;
using LlmDistill.Core.Examples;
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

    [Fact]
    public void Generated_rows_come_in_id_order_whatever_order_they_were_stored_in()
    {
        var examples = Enumerable.Range(0, 20).Select(i => new Example
        {
            Id = Example.MakeId($"q{i}", "question@abc", 0),
            Task = "arithmetic",
            Instruction = $"What is {i}+1?",
            Teacher = "gguf:teacher.gguf",
            Template = "question@abc",
            Answer = $"{i + 1}",
            Status = ExampleStatus.Ok,
            CreatedAt = DateTime.UnixEpoch,
        }).ToList();
        var shuffled = examples.OrderBy(e => e.Answer!.GetHashCode(StringComparison.Ordinal)).Reverse().ToList();

        Assert.NotEqual(examples.Select(e => e.Id), shuffled.Select(e => e.Id));
        Assert.Equal(DistillRecords.FromExamples(examples), DistillRecords.FromExamples(shuffled));
        Assert.Equal(examples.Select(e => e.Id).Order(StringComparer.Ordinal).Select(id => examples.Single(e => e.Id == id).Instruction),
            DistillRecords.FromExamples(shuffled).Select(r => r.Instruction));
    }
}
