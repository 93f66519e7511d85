using LlmDistill.Core.Tasks;
using LlmDistill.Generation.Tasks;

namespace LlmDistill.Generation.Tests.Tasks;

public sealed class TaskFileWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("llmd-taskw-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_built_in_task_round_trips_in_gsm8k_format()
    {
        var items = ArithmeticWordProblems.Generate(25, seed: 4).ToList();
        var path = Path.Combine(_dir, "train.jsonl");

        await TaskFileWriter.WriteAsync(path, items);
        var read = await TaskFileReader.ReadAsync(path);

        Assert.Equal(TaskFileFormat.Gsm8k, read.Format);
        Assert.Equal(items, read.Items);
        Assert.Contains("\"answer\":", File.ReadLines(path).First());
    }

    [Fact]
    public async Task Other_items_round_trip_as_instruction_and_input()
    {
        List<TaskItem> items = [new("a-1", "alpaca", "Translate.", "bonjour", "hello"), new("a-2", "alpaca", "Say hi.")];
        var path = Path.Combine(_dir, "tasks.jsonl");

        await TaskFileWriter.WriteAsync(path, items);

        Assert.Equal(items, (await TaskFileReader.ReadAsync(path)).Items);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void Splits_are_deterministic_disjoint_and_complete()
    {
        var items = ArithmeticWordProblems.Generate(101, seed: 1).ToList();

        var a = TaskSplits.Split(items, [0.8, 0.1, 0.1], seed: 3);
        var b = TaskSplits.Split(items, [0.8, 0.1, 0.1], seed: 3);

        Assert.Equal([81, 10, 10], a.Select(s => s.Count));
        Assert.Equal(a.SelectMany(s => s.Select(i => i.Id)), b.SelectMany(s => s.Select(i => i.Id)));
        Assert.Equal(101, a.SelectMany(s => s).Select(i => i.Id).Distinct().Count());
    }
}
