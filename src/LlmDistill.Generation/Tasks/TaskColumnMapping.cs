namespace LlmDistill.Generation.Tasks;

/// <summary>
/// Which columns of a generic CSV, JSONL or Parquet file hold what. Only <see cref="Instruction"/> is
/// required; the id defaults to a hash of instruction and input.
/// </summary>
public sealed record TaskColumnMapping(
    string Instruction = "instruction",
    string? Input = "input",
    string? Reference = "reference",
    string? Rationale = "rationale",
    string? Id = "id");
