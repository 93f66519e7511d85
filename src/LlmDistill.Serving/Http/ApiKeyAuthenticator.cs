using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace LlmDistill.Serving.Http;

/// <summary>
/// Checks the key a client presents (<c>Authorization: Bearer …</c>, as OpenAI clients send it, or
/// <c>api-key: …</c>, as Azure OpenAI clients do). Only a SHA-256 of the expected key is kept, and digests
/// are compared in constant time, so neither the key nor its length leaks through timing.
/// </summary>
internal sealed class ApiKeyAuthenticator
{
    private readonly byte[] _expected;

    private ApiKeyAuthenticator(byte[] expected) => _expected = expected;

    /// <summary>An authenticator for the key in <paramref name="variable"/>, or null when no key is set.</summary>
    public static ApiKeyAuthenticator? FromEnvironment(string? variable)
    {
        if (variable is null)
            return null;
        var key = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrEmpty(key) ? null : new ApiKeyAuthenticator(Digest(key));
    }

    public bool IsAuthorized(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Evaluate both (no short-circuit) so that which header was sent does not change the timing much.
        var azure = Matches(request.Headers["api-key"].ToString());
        var bearer = Matches(BearerToken(request.Headers.Authorization.ToString()));
        return azure | bearer;
    }

    private bool Matches(string? presented) =>
        !string.IsNullOrEmpty(presented) && CryptographicOperations.FixedTimeEquals(Digest(presented), _expected);

    private static string? BearerToken(string header) =>
        header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
