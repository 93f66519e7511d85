namespace LlmDistill.Gguf.Tokenizer;

/// <summary>
/// Builds small byte-level BPE vocabularies (llama.cpp tokenizer model "gpt2") for tests and new students:
/// ids 0-255 are the 256 byte tokens in <see cref="ByteLevelEncoding"/> spelling, then one token per merge,
/// then the control tokens <c>&lt;|bos|&gt;</c> and <c>&lt;|eos|&gt;</c>.
/// </summary>
public static class ByteLevelBpeVocabulary
{
    public const string BosToken = "<|bos|>";
    public const string EosToken = "<|eos|>";

    /// <summary>A few English merges ("Ġt" is " t"), enough to show merging in tokenizer tests.</summary>
    public static IReadOnlyList<string> DefaultMerges { get; } =
    [
        "Ġ t", "h e", "Ġ a", "i n", "Ġt he", "e r", "o n", "Ġ s", "r e", "a n",
    ];

    /// <summary>
    /// A vocabulary with <paramref name="merges"/> ("left right", both already tokens) or
    /// <see cref="DefaultMerges"/> when none are given.
    /// </summary>
    public static GgufTokenizerMetadata Create(IEnumerable<string>? merges = null, string pre = "default")
    {
        var mergeList = (merges ?? DefaultMerges).ToArray();
        var tokens = new List<string>(256 + mergeList.Length + 2);
        tokens.AddRange(ByteLevelEncoding.Table.Select(c => c.ToString()));
        var known = new HashSet<string>(tokens, StringComparer.Ordinal);
        foreach (var merge in mergeList)
        {
            var parts = merge.Split(' ');
            if (parts.Length != 2 || !known.Contains(parts[0]) || !known.Contains(parts[1]))
                throw new ArgumentException($"merge '{merge}' must be two existing tokens separated by one space", nameof(merges));
            var merged = parts[0] + parts[1];
            if (known.Add(merged))
                tokens.Add(merged);
        }

        var types = Enumerable.Repeat((int)GgufTokenType.Normal, tokens.Count).ToList();
        tokens.Add(BosToken);
        tokens.Add(EosToken);
        types.Add((int)GgufTokenType.Control);
        types.Add((int)GgufTokenType.Control);
        return new GgufTokenizerMetadata
        {
            Model = "gpt2",
            Pre = pre,
            Tokens = [.. tokens],
            TokenTypes = [.. types],
            Merges = mergeList,
            BosId = tokens.Count - 2,
            EosId = tokens.Count - 1,
            AddBos = false,
            AddEos = false,
        };
    }
}
