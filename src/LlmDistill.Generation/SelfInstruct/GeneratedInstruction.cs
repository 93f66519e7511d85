namespace LlmDistill.Generation.SelfInstruct;

/// <summary>One new task parsed from a teacher's numbered list.</summary>
public sealed record GeneratedInstruction(string Instruction, string Input, string? Output);
