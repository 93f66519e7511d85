using LlmDistill.Gguf;

namespace LlmDistill.Training.Export;

/// <summary>What <see cref="CheckpointExporter.ExportAsync"/> wrote.</summary>
/// <param name="Path">The GGUF file.</param>
/// <param name="FileSize">Its size in bytes.</param>
/// <param name="Checkpoint">The checkpoint directory it came from.</param>
/// <param name="Verification">The llama.cpp comparison, or null when verification was skipped.</param>
public sealed record ExportReport(string Path, long FileSize, GgufTensorType WeightType, string Checkpoint, ExportVerification? Verification);
