namespace LlmDistill.Core.Errors;

/// <summary>
/// Base of every failure a user should see as one clear line. The CLI prints <see cref="Exception.Message"/>
/// and exits with <see cref="ExitCode"/>; anything else escaping a command is a bug.
/// </summary>
public abstract class LlmDistillException : Exception
{
    protected LlmDistillException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    public abstract int ExitCode { get; }
}

/// <summary>An input file or value is missing, malformed or corrupt.</summary>
public class InvalidInputException : LlmDistillException
{
    public InvalidInputException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    public override int ExitCode => ExitCodes.InvalidInput;
}

/// <summary>A native runtime (llama.cpp, libtorch) is missing or could not be loaded.</summary>
public class RuntimeUnavailableException : LlmDistillException
{
    public RuntimeUnavailableException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    public override int ExitCode => ExitCodes.RuntimeUnavailable;
}

/// <summary>An external service kept failing after the resilience pipeline gave up.</summary>
public class ExternalServiceException : LlmDistillException
{
    public ExternalServiceException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    public override int ExitCode => ExitCodes.ExternalServiceFailed;
}

/// <summary>A computation produced an unusable result (NaN loss, parity above tolerance).</summary>
public class ComputationException : LlmDistillException
{
    public ComputationException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    public override int ExitCode => ExitCodes.ComputationFailed;
}
