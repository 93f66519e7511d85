namespace LlmDistill.Llama;

/// <summary>Severity of a llama.cpp log line (ggml_log_level).</summary>
public enum LlamaLogLevel
{
    None = 0,
    Debug = 1,
    Info = 2,
    Warning = 3,
    Error = 4,

    /// <summary>Continues the previous line; never passed to a handler.</summary>
    Continue = 5,
}
