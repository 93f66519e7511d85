namespace LlmDistill.Generation.Tasks;

/// <summary>The task file formats <see cref="TaskFileReader"/> understands.</summary>
public enum TaskFileFormat
{
    /// <summary>Detect from the extension and the first record's fields.</summary>
    Auto,

    /// <summary>GSM8K JSONL: <c>question</c>, <c>answer</c> with the rationale, then <c>#### final</c>.</summary>
    Gsm8k,

    /// <summary>Alpaca's <c>seed_tasks.jsonl</c>: <c>instruction</c>, <c>instances</c> of input/output.</summary>
    AlpacaSeed,

    /// <summary>Alpaca JSON: an array of <c>instruction</c>, <c>input</c>, <c>output</c>.</summary>
    AlpacaJson,

    /// <summary>JSONL of any objects, mapped by <see cref="TaskColumnMapping"/>.</summary>
    Jsonl,

    /// <summary>CSV with a header row, mapped by <see cref="TaskColumnMapping"/>.</summary>
    Csv,

    /// <summary>Parquet, mapped by <see cref="TaskColumnMapping"/>.</summary>
    Parquet,
}
