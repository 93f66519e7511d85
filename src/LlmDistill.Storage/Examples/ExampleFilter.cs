namespace LlmDistill.Storage.Examples;

/// <summary>Which rows <see cref="ExampleDatasetReader.ReadAsync"/> yields.</summary>
public enum ExampleFilter
{
    /// <summary>Every stored row, failures included.</summary>
    All = 0,

    /// <summary>Only rows with status <c>ok</c>: what training uses.</summary>
    OkOnly = 1,
}
