namespace LlmDistill.Core.Text;

/// <summary>
/// ROUGE-L F1 between two texts, tokenised like Google's <c>rouge_score</c> (the package Alpaca uses,
/// without stemming): lower-case, every run of non-alphanumerics a separator.
/// </summary>
public static class RougeL
{
    public static double Score(string candidate, string reference) =>
        F1(Tokenize(candidate), Tokenize(reference));

    /// <summary>F1 of the longest common subsequence: 2·LCS / (|a| + |b|).</summary>
    public static double F1(ReadOnlySpan<string> a, ReadOnlySpan<string> b) =>
        a.Length == 0 || b.Length == 0 ? 0 : 2.0 * Lcs(a, b) / (a.Length + b.Length);

    public static string[] Tokenize(string text)
    {
        var tokens = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var alnum = i < text.Length && char.IsAsciiLetterOrDigit(text[i]);
            if (alnum && start < 0)
                start = i;
            else if (!alnum && start >= 0)
            {
                tokens.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }
        return [.. tokens];
    }

    /// <summary>Length of the longest common subsequence, in O(|a|·|b|) time and O(|b|) memory.</summary>
    public static int Lcs<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : IEquatable<T>
    {
        Span<int> row = b.Length <= 256 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        row.Clear();
        for (var i = 0; i < a.Length; i++)
        {
            var diagonal = 0;
            for (var j = 0; j < b.Length; j++)
            {
                var above = row[j + 1];
                row[j + 1] = a[i].Equals(b[j]) ? diagonal + 1 : Math.Max(above, row[j]);
                diagonal = above;
            }
        }
        return row[b.Length];
    }
}
