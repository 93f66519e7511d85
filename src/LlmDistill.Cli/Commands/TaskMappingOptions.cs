using System.CommandLine;
using LlmDistill.Generation.Tasks;

namespace LlmDistill.Cli.Commands;

/// <summary>Column mapping options for generic CSV/JSONL/Parquet task files.</summary>
internal sealed class TaskMappingOptions
{
    private readonly Option<string> _instruction = new("--instruction-column") { Description = "Generic task files: the column holding the question.", DefaultValueFactory = _ => "instruction" };
    private readonly Option<string> _input = new("--input-column") { Description = "Generic task files: the column holding optional context.", DefaultValueFactory = _ => "input" };
    private readonly Option<string> _reference = new("--reference-column") { Description = "Generic task files: the column holding the ground-truth answer.", DefaultValueFactory = _ => "reference" };
    private readonly Option<string> _id = new("--id-column") { Description = "Generic task files: the column holding a stable id (default: a hash of the question).", DefaultValueFactory = _ => "id" };

    public void AddTo(Command command)
    {
        foreach (var option in new[] { _instruction, _input, _reference, _id })
            command.Options.Add(option);
    }

    public TaskColumnMapping Get(ParseResult parse) => new(
        parse.GetValue(_instruction)!, parse.GetValue(_input), parse.GetValue(_reference), "rationale", parse.GetValue(_id));
}
