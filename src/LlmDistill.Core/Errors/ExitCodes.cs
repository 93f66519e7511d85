namespace LlmDistill.Core.Errors;

/// <summary>Process exit codes of the <c>llm-distill</c> command line, documented in the README.</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>An unexpected failure: a bug. The message says where to report it.</summary>
    public const int InternalError = 1;

    /// <summary>The command line itself is wrong (unknown option, missing argument).</summary>
    public const int Usage = 2;

    /// <summary>An input file or value is missing, malformed or corrupt.</summary>
    public const int InvalidInput = 3;

    /// <summary>A runtime the command needs (llama.cpp, libtorch, npm) is missing or failed to load.</summary>
    public const int RuntimeUnavailable = 4;

    /// <summary>An external service (a teacher endpoint) kept failing.</summary>
    public const int ExternalServiceFailed = 5;

    /// <summary>A computation went wrong (a NaN loss, a parity check above tolerance).</summary>
    public const int ComputationFailed = 6;

    /// <summary>The user cancelled (Ctrl-C); partial outputs were kept consistent.</summary>
    public const int Cancelled = 130;
}
