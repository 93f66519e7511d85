namespace LlmDistill.Tokenization.Vocabulary;

/// <summary>
/// llama.cpp's <c>tokenizer_st_partition</c>: for each special token, longest first, cut every
/// occurrence out of the raw-text fragments left so far. Control and unknown tokens are cut only
/// when parse-special is on; user-defined tokens always.
/// </summary>
internal static class SpecialTokenPartition
{
    /// <summary>A raw text range (<see cref="TokenId"/> = -1) or one special token.</summary>
    public readonly record struct Fragment(int Offset, int Length, int TokenId)
    {
        public bool IsText => TokenId < 0;
    }

    public static List<Fragment> Split(string text, LlamaVocabulary vocabulary, bool parseSpecial)
    {
        var fragments = new List<Fragment>();
        if (text.Length == 0)
            return fragments;
        fragments.Add(new Fragment(0, text.Length, -1));

        var next = new List<Fragment>();
        foreach (var id in vocabulary.Partitioned)
        {
            if (!parseSpecial && vocabulary.IsSpecial(id))
                continue;
            var special = vocabulary.Tokens[id];
            if (special.Length > text.Length)
                continue;

            next.Clear();
            var changed = false;
            foreach (var fragment in fragments)
            {
                if (!fragment.IsText)
                {
                    next.Add(fragment);
                    continue;
                }
                var start = fragment.Offset;
                var end = fragment.Offset + fragment.Length;
                while (start < end)
                {
                    var match = text.IndexOf(special, start, end - start, StringComparison.Ordinal);
                    if (match < 0)
                        break;
                    changed = true;
                    if (match > start)
                        next.Add(new Fragment(start, match - start, -1));
                    next.Add(new Fragment(match, special.Length, id));
                    start = match + special.Length;
                    if (vocabulary.RStrip.Contains(id))
                    {
                        while (start < end && IsCSpace(text[start]))
                            start++;
                    }
                }
                if (start < end)
                    next.Add(new Fragment(start, end - start, -1));
            }
            if (changed)
                (fragments, next) = (next, fragments);
        }
        return fragments;
    }

    // C isspace() in the "C" locale, which llama.cpp applies byte by byte.
    private static bool IsCSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';
}
