namespace LlmDistill.Tests.Shared;

/// <summary>
/// Key-shaped test values built at run time, so that nothing resembling a real credential is ever
/// committed (secret scanners flag the literals) while tests still see realistic keys.
/// </summary>
public static class FakeSecret
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary><paramref name="prefix"/> followed by <paramref name="length"/> letters and digits, the same every run.</summary>
    public static string Of(string prefix, int length = 24)
    {
        var random = new Random(prefix.Length * 31 + length);
        return prefix + new string([.. Enumerable.Range(0, length).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);
    }
}
