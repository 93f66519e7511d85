namespace LlmDistill.Storage.Parquet;

/// <summary>One top-level column of a Parquet file.</summary>
public sealed record ParquetColumn(string Name, string Type, bool Nullable);
