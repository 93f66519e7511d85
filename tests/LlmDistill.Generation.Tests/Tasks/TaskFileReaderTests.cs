using LlmDistill.Core.Errors;
using LlmDistill.Generation.Tasks;
using Parquet.Serialization;

namespace LlmDistill.Generation.Tests.Tasks;

public sealed class TaskFileReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("llmd-tasks-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Gsm8k_jsonl_gives_question_rationale_and_final_answer()
    {
        var path = Write("gsm8k.jsonl", """
            {"question": "Natalia sold 48 clips in April and half as many in May. How many in all?", "answer": "In May she sold 48/2 = <<48/2=24>>24 clips.\nIn all 48+24 = <<48+24=72>>72.\n#### 72"}

            {"question": "Weng earns $12 an hour. How much for 50 minutes?", "answer": "12/60 = $<<12/60=0.2>>0.2 per minute.\n#### 10"}
            """);

        var file = await TaskFileReader.ReadAsync(path);

        Assert.Equal(TaskFileFormat.Gsm8k, file.Format);
        Assert.Equal(2, file.Items.Count);
        var first = file.Items[0];
        Assert.Equal("72", first.Reference);
        Assert.Equal("In May she sold 48/2 = 24 clips.\nIn all 48+24 = 72.", first.ReferenceRationale);
        Assert.Equal("gsm8k", first.Task);
        Assert.StartsWith("gsm8k-", first.Id);
        Assert.Equal(first.Id, (await TaskFileReader.ReadAsync(path)).Items[0].Id);
    }

    [Fact]
    public async Task Alpaca_seed_tasks_give_one_item_per_instance()
    {
        var path = Write("seed_tasks.jsonl", """
            {"id": "seed_task_0", "name": "breakfast", "instruction": "Suggest a breakfast.", "instances": [{"input": "", "output": "Oatmeal."}], "is_classification": false}
            {"id": "seed_task_1", "name": "sort", "instruction": "Sort the numbers.", "instances": [{"input": "3 1 2", "output": "1 2 3"}, {"input": "9 8", "output": "8 9"}], "is_classification": false}
            """);

        var file = await TaskFileReader.ReadAsync(path);

        Assert.Equal(TaskFileFormat.AlpacaSeed, file.Format);
        Assert.Equal(["seed_task_0-0", "seed_task_1-0", "seed_task_1-1"], file.Items.Select(i => i.Id));
        Assert.Equal("9 8", file.Items[2].Input);
        Assert.Equal("8 9", file.Items[2].Reference);
    }

    [Fact]
    public async Task Alpaca_json_array_is_read()
    {
        var path = Write("alpaca_data.json", """
            [{"instruction": "Give three tips.", "input": "", "output": "1. Eat. 2. Sleep. 3. Move."},
             {"instruction": "Translate.", "input": "bonjour", "output": "hello"}]
            """);

        var file = await TaskFileReader.ReadAsync(path);

        Assert.Equal(TaskFileFormat.AlpacaJson, file.Format);
        Assert.Equal(["Give three tips.", "Translate."], file.Items.Select(i => i.Instruction));
        Assert.Equal("bonjour", file.Items[1].Input);
    }

    [Fact]
    public async Task Csv_with_a_mapping_handles_quotes_commas_and_line_breaks()
    {
        var path = Write("questions.csv", "q,context,gold\r\n\"What is 2+2, exactly?\",,4\n\"Say \"\"hi\"\"\nthen stop\",ctx,hi\n");

        var file = await TaskFileReader.ReadAsync(path, mapping: new TaskColumnMapping("q", "context", "gold"));

        Assert.Equal(TaskFileFormat.Csv, file.Format);
        Assert.Equal(["What is 2+2, exactly?", "Say \"hi\"\nthen stop"], file.Items.Select(i => i.Instruction));
        Assert.Equal(["4", "hi"], file.Items.Select(i => i.Reference));
        Assert.Equal("ctx", file.Items[1].Input);
    }

    private sealed record QuestionRow(string question, int gold);

    [Fact]
    public async Task Parquet_with_a_mapping_is_read()
    {
        var path = Path.Combine(_dir, "q.parquet");
        await ParquetSerializer.SerializeAsync(new[] { new QuestionRow("1+1?", 2), new QuestionRow("2+2?", 4) }, path);

        var file = await TaskFileReader.ReadAsync(path, mapping: new TaskColumnMapping("question", Reference: "gold"));

        Assert.Equal(["1+1?", "2+2?"], file.Items.Select(i => i.Instruction));
        Assert.Equal(["2", "4"], file.Items.Select(i => i.Reference));
    }

    [Fact]
    public async Task Duplicate_questions_are_kept_once()
    {
        var path = Write("dup.jsonl", "{\"instruction\": \"a\"}\n{\"instruction\": \"b\"}\n{\"instruction\": \"a\"}\n");

        var file = await TaskFileReader.ReadAsync(path);

        Assert.Equal(["a", "b"], file.Items.Select(i => i.Instruction));
        Assert.Equal(1, file.DuplicatesDropped);
    }

    [Theory]
    [InlineData("bad.jsonl", "{\"question\": \"q\", \"answer\": \"#### 1\"}\n{\"question\": \"q2\",\n", "bad.jsonl:2: not valid JSON")]
    [InlineData("bad.jsonl", "{\"question\": \"q\", \"answer\": \"no marker\"}\n", "bad.jsonl:1: 'answer' has no final answer after '####'")]
    [InlineData("bad.jsonl", "{\"prompt\": \"q\"}\n", "bad.jsonl:1: no 'instruction' field (fields: prompt)")]
    [InlineData("bad.jsonl", "[1, 2]\n", "bad.jsonl:1: expected a JSON object")]
    [InlineData("bad.csv", "instruction,input\na,b,c\n", "bad.csv:2: 3 fields, but the header has 2")]
    [InlineData("bad.csv", "instruction\n\"open\n", "bad.csv:2: unterminated quoted field")]
    [InlineData("bad.json", "{\"instruction\": \"a\"}", "bad.json: expected a JSON array of objects")]
    public async Task A_malformed_file_names_the_file_and_line(string name, string content, string message)
    {
        var path = Write(name, content);

        var e = await Assert.ThrowsAsync<InvalidInputException>(() => TaskFileReader.ReadAsync(path));

        Assert.StartsWith(Path.Combine(_dir, message), e.Message);
    }

    [Fact]
    public async Task A_missing_file_is_named() =>
        Assert.Equal($"{_dir}/none.jsonl: task file not found",
            (await Assert.ThrowsAsync<InvalidInputException>(() => TaskFileReader.ReadAsync(Path.Combine(_dir, "none.jsonl")))).Message);
}
