using System.Text.RegularExpressions;

namespace LlmDistill.Core.Examples;

/// <summary>
/// Keeps keys out of files: a configuration value is replaced by <see cref="Redacted"/> when its name
/// looks like a credential (<c>api_key</c>, <c>clientSecret</c>, <c>token</c>, <c>password</c>, ...) or its
/// value looks like one (<c>sk-…</c>, <c>Bearer …</c>, a JWT, <c>key=…</c> in a URL or connection string,
/// a long opaque token). It errs towards redacting: a lost setting in a manifest is cheap, a leaked key is not.
/// </summary>
public static partial class SecretRedactor
{
    /// <summary>What a redacted value reads as: it says a setting was there without saying what it was.</summary>
    public const string Redacted = "[redacted]";

    // Whole words of a setting's name (split at punctuation and camelCase humps) that mark a credential.
    // Whole words, so that max_tokens or tokenizer stay readable.
    private static readonly HashSet<string> SecretWords = new(StringComparer.Ordinal)
    {
        "key", "apikey", "secret", "secrets", "token", "password", "passwd", "pwd", "passphrase",
        "credential", "credentials", "auth", "authorization", "bearer", "sas", "signature", "cookie",
        "connectionstring",
    };

    /// <summary>
    /// Returns the configuration, ordered by name (stable diffs between manifests), with every secret value
    /// replaced by <see cref="Redacted"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Redact(IEnumerable<KeyValuePair<string, string>> configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in configuration)
            result[name] = IsSecret(name, value) ? Redacted : value;
        return result;
    }

    /// <summary>Whether the setting <paramref name="name"/> = <paramref name="value"/> must not be written.</summary>
    public static bool IsSecret(string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (value is not null && LooksLikeSecret(value))
            return true;
        if (!IsSecretName(name))
            return false;
        // `api_key_env: OPENAI_API_KEY` names where the key lives, which a reader of the manifest wants to
        // see; it is kept when the value is an environment variable's name.
        return !(Words(name).LastOrDefault() == "env" && value is not null && EnvironmentVariableName().IsMatch(value));
    }

    /// <summary>Whether a setting's name says its value is a credential.</summary>
    public static bool IsSecretName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = Words(name).ToList();
        // Adjacent pairs too: connection_string is the compound "connectionstring".
        return words.Concat(words.Zip(words.Skip(1), string.Concat)).Any(SecretWords.Contains);
    }

    /// <summary>Whether a value contains something shaped like a credential, whatever its setting is called.</summary>
    public static bool LooksLikeSecret(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (KnownSecretShape().IsMatch(value))
            return true;
        var trimmed = value.Trim();
        // A long opaque run of key characters (Azure's 32 hex digits, base64 keys) is a key unless it is a
        // SHA-1 or SHA-256 digest: files and templates are named by those, and they are public.
        return OpaqueToken().IsMatch(trimmed) && trimmed.Any(char.IsAsciiDigit) && trimmed.Any(char.IsAsciiLetter)
            && !(trimmed.Length is 40 or 64 && trimmed.All(char.IsAsciiHexDigit));
    }

    private static IEnumerable<string> Words(string name) =>
        WordBoundary().Replace(name, " ").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.ToLowerInvariant());

    // Punctuation, and the hump in camelCase (clientSecret → client Secret, APIKey → API Key).
    [GeneratedRegex(@"[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")]
    private static partial Regex WordBoundary();

    [GeneratedRegex(@"^[A-Z_][A-Z0-9_]*$")]
    private static partial Regex EnvironmentVariableName();

    [GeneratedRegex(@"^[A-Za-z0-9+/_=\-]{32,}$")]
    private static partial Regex OpaqueToken();

    [GeneratedRegex("""
        \bsk-[A-Za-z0-9_\-]{16,}
        | \b(?:hf|gh[pousr]|github_pat|glpat|xox[abprs])[_-][A-Za-z0-9_\-]{16,}
        | \bAKIA[0-9A-Z]{16}\b
        | \bAIza[0-9A-Za-z_\-]{30,}
        | \beyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}
        | (?i:\bbearer\s+[A-Za-z0-9._~+/=\-]{8,})
        | (?i:\b(?:api[_-]?key|access[_-]?token|account[_-]?key|client[_-]?secret|password|pwd|secret|sig)\s*[=:]\s*[^\s&;]+)
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex KnownSecretShape();
}
