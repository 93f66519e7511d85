namespace LlmDistill.Gguf.Tokenizer;

/// <summary>
/// The <c>tokenizer.ggml.*</c> metadata llama.cpp builds its vocabulary from. <see cref="TokenTypes"/> holds
/// <see cref="GgufTokenType"/> values as ints. Optional members that are null are not written (llama.cpp then
/// uses its per-model defaults, e.g. add_bos true for "llama", false for "gpt2").
/// </summary>
public sealed record GgufTokenizerMetadata
{
    /// <summary>Tokenizer model: "gpt2" (byte-level BPE), "llama" (SentencePiece), "bert", ...</summary>
    public required string Model { get; init; }

    /// <summary>Pre-tokenizer name, e.g. "default", "llama-bpe", "qwen2" (gpt2 models only).</summary>
    public string? Pre { get; init; }

    public required string[] Tokens { get; init; }

    public required int[] TokenTypes { get; init; }

    public float[]? Scores { get; init; }

    /// <summary>BPE merges as "left right", in priority order.</summary>
    public string[]? Merges { get; init; }

    public int? BosId { get; init; }

    public int? EosId { get; init; }

    public int? PadId { get; init; }

    public int? UnknownId { get; init; }

    public bool? AddBos { get; init; }

    public bool? AddEos { get; init; }

    public string? ChatTemplate { get; init; }

    /// <summary>The first inconsistency (lengths, id ranges, token types), or null when there is none.</summary>
    public string? FindProblem()
    {
        if (string.IsNullOrEmpty(Model))
            return "the tokenizer model is empty";
        if (Tokens is null || Tokens.Length == 0)
            return "the vocabulary has no tokens";
        if (TokenTypes is null || TokenTypes.Length != Tokens.Length)
            return $"{TokenTypes?.Length ?? 0} token types for {Tokens.Length} tokens";
        if (Scores is not null && Scores.Length != Tokens.Length)
            return $"{Scores.Length} scores for {Tokens.Length} tokens";
        var badType = Array.FindIndex(TokenTypes, t => t is < (int)GgufTokenType.Undefined or > (int)GgufTokenType.Byte);
        if (badType >= 0)
            return $"token {badType} has invalid token type {TokenTypes[badType]}";
        foreach (var (name, id) in new[] { ("bos", BosId), ("eos", EosId), ("padding", PadId), ("unknown", UnknownId) })
        {
            if (id is { } i && (i < 0 || i >= Tokens.Length))
                return $"{name} token id {i} is outside the vocabulary of {Tokens.Length} tokens";
        }
        return null;
    }

    /// <summary>Writes the tokenizer keys (types as llama.cpp's converters write them).</summary>
    public void WriteTo(GgufWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (FindProblem() is { } problem)
            throw new ArgumentException($"invalid tokenizer metadata: {problem}");
        writer.SetString(GgufKeys.TokenizerModel, Model);
        if (Pre is not null)
            writer.SetString(GgufKeys.TokenizerPre, Pre);
        writer.SetStringArray(GgufKeys.TokenizerTokens, Tokens);
        if (Scores is not null)
            writer.SetFloat32Array(GgufKeys.TokenizerScores, Scores);
        writer.SetInt32Array(GgufKeys.TokenizerTokenTypes, TokenTypes);
        if (Merges is not null)
            writer.SetStringArray(GgufKeys.TokenizerMerges, Merges);
        SetId(writer, GgufKeys.TokenizerBosId, BosId);
        SetId(writer, GgufKeys.TokenizerEosId, EosId);
        SetId(writer, GgufKeys.TokenizerUnknownId, UnknownId);
        SetId(writer, GgufKeys.TokenizerPaddingId, PadId);
        if (AddBos is { } addBos)
            writer.SetBool(GgufKeys.TokenizerAddBos, addBos);
        if (AddEos is { } addEos)
            writer.SetBool(GgufKeys.TokenizerAddEos, addEos);
        if (ChatTemplate is not null)
            writer.SetString(GgufKeys.ChatTemplate, ChatTemplate);
    }

    /// <summary>Reads the tokenizer keys; a <see cref="GgufFormatException"/> when they are missing or inconsistent.</summary>
    public static GgufTokenizerMetadata ReadFrom(GgufFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var tokens = file.GetStringArray(GgufKeys.TokenizerTokens);
        var metadata = new GgufTokenizerMetadata
        {
            Model = file.GetString(GgufKeys.TokenizerModel),
            Pre = file.GetStringOrDefault(GgufKeys.TokenizerPre),
            Tokens = tokens,
            // Some converters omit token types; llama.cpp then treats every token as normal.
            TokenTypes = file.ContainsKey(GgufKeys.TokenizerTokenTypes)
                ? file.GetInt32Array(GgufKeys.TokenizerTokenTypes)
                : Enumerable.Repeat((int)GgufTokenType.Normal, tokens.Length).ToArray(),
            Scores = file.ContainsKey(GgufKeys.TokenizerScores) ? file.GetFloat32Array(GgufKeys.TokenizerScores) : null,
            Merges = file.ContainsKey(GgufKeys.TokenizerMerges) ? file.GetStringArray(GgufKeys.TokenizerMerges) : null,
            BosId = GetId(file, GgufKeys.TokenizerBosId),
            EosId = GetId(file, GgufKeys.TokenizerEosId),
            PadId = GetId(file, GgufKeys.TokenizerPaddingId),
            UnknownId = GetId(file, GgufKeys.TokenizerUnknownId),
            AddBos = file.ContainsKey(GgufKeys.TokenizerAddBos) ? file.GetBool(GgufKeys.TokenizerAddBos) : null,
            AddEos = file.ContainsKey(GgufKeys.TokenizerAddEos) ? file.GetBool(GgufKeys.TokenizerAddEos) : null,
            ChatTemplate = file.GetStringOrDefault(GgufKeys.ChatTemplate),
        };
        if (metadata.FindProblem() is { } problem)
            throw new GgufFormatException($"{file.FileName}: invalid tokenizer metadata: {problem}");
        return metadata;
    }

    private static void SetId(GgufWriter writer, string key, int? id)
    {
        if (id is { } value)
            writer.SetUInt32(key, (uint)value);
    }

    private static int? GetId(GgufFile file, string key) =>
        file.GetInt64OrNull(key) is { } id ? (id is >= 0 and <= int.MaxValue ? (int)id : int.MaxValue) : null;
}
