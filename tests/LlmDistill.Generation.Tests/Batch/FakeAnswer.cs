namespace LlmDistill.Generation.Tests.Batch;

/// <summary>What <see cref="FakeBatchApi"/> answers to one request of a batch.</summary>
/// <param name="Text">The completion's text (for a 200).</param>
/// <param name="Status">The line's <c>response.status_code</c>; not 200 makes it an error-file line.</param>
/// <param name="ErrorCode">Set: an error-file line with <c>error.code</c> and no response.</param>
/// <param name="Omit">The line is in neither file.</param>
/// <param name="Malformed">A 200 whose body is not a chat completion.</param>
internal sealed record FakeAnswer(string? Text, string Finish = "stop", int Status = 200, string? ErrorCode = null,
    bool Omit = false, bool Malformed = false)
{
    public static FakeAnswer Say(string text, string finish = "stop") => new(text, finish);
}
