using LlmDistill.Core.Errors;

namespace LlmDistill.Gguf;

/// <summary>
/// A GGUF file is malformed, truncated or uses something this reader does not understand.
/// The message is one line that starts with the file name.
/// </summary>
public sealed class GgufFormatException : InvalidInputException
{
    public GgufFormatException(string message, Exception? inner = null)
        : base(Reading.ErrorText.OneLine(message), inner)
    {
    }
}
