using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using LlmDistill.Core.Errors;
using LlmDistill.Core.Prompts;

namespace LlmDistill.Serving.Backend;

/// <summary>
/// A backend without a model: <c>respond</c> decides each completion's text, which is streamed back in
/// word-sized tokens (a word with its leading space, or one punctuation mark). For tests of clients —
/// resilience under injected faults, the HTTP overhead of a zero-latency endpoint — where llama.cpp's
/// output would be noise. Its logprobs are synthetic: the chosen token at -0.01, alternatives "~1", "~2",
/// … one nat apart. Token counts are of these word tokens.
/// </summary>
public sealed partial class ScriptedCompletionBackend : ICompletionBackend
{
    private readonly Func<CompletionRequest, string> _respond;
    private readonly TimeSpan _tokenDelay;
    private readonly BackendCounters _counters = new();

    /// <param name="respond">The completion for a request (it sees the formatted prompt and all settings).</param>
    /// <param name="tokenDelay">A pause before each token (zero: none).</param>
    /// <param name="contextSize">Tokens a request may hold; longer prompts are refused as llama.cpp would.</param>
    public ScriptedCompletionBackend(Func<CompletionRequest, string> respond, TimeSpan tokenDelay = default, int contextSize = 4096)
    {
        ArgumentNullException.ThrowIfNull(respond);
        ArgumentOutOfRangeException.ThrowIfLessThan(tokenDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(contextSize, 2);
        _respond = respond;
        _tokenDelay = tokenDelay;
        ContextSize = contextSize;
    }

    public int ContextSize { get; }

    /// <summary>The plain chat format (<see cref="ChatPromptFormatter.FormatPlain"/>).</summary>
    public string FormatChat(IReadOnlyList<ChatMessage> messages) => ChatPromptFormatter.FormatPlain(messages);

    public CompletionJob Start(CompletionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var prompt = Split(request.Prompt).Count;
        if (prompt == 0)
            throw new InvalidInputException("the prompt is empty");
        if (prompt >= ContextSize)
            throw new InvalidInputException($"the prompt has {prompt} tokens; this server's context holds {ContextSize} per request");
        return new CompletionJob(prompt, _counters.Track(Generate(request, ContextSize - prompt, cancellationToken), cancellationToken));
    }

    public BackendStatistics GetStatistics() => _counters.Snapshot();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Word-sized tokens: optional leading whitespace, then a run of letters/digits or one other character.</summary>
    public static IReadOnlyList<string> Split(string text) =>
        TokenPattern().Matches(text ?? throw new ArgumentNullException(nameof(text))).Select(m => m.Value).ToList();

    private async IAsyncEnumerable<CompletionToken> Generate(CompletionRequest request, int room, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var tokens = Split(_respond(request));
        var max = Math.Min(request.MaxTokens ?? room, room);
        var text = new StringBuilder();
        var released = 0;
        for (var i = 0; ; i++)
        {
            if (_tokenDelay > TimeSpan.Zero)
                await Task.Delay(_tokenDelay, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            // After the script, one end-of-generation token (no text), as a model would emit.
            var end = i == tokens.Count;
            var piece = end ? "" : tokens[i];
            text.Append(piece);
            var full = text.ToString();
            var stopAt = request.Stop.Where(s => s.Length > 0).Select(s => full.IndexOf(s, StringComparison.Ordinal)).Where(x => x >= 0).DefaultIfEmpty(-1).Min();
            CompletionFinish? finish = end || stopAt >= 0 ? CompletionFinish.Stop : i + 1 >= max ? CompletionFinish.Length : null;
            var visible = stopAt >= 0 ? full[..stopAt] : full;
            var release = visible.Length > released ? visible[released..] : "";
            released = Math.Max(released, visible.Length);
            yield return new CompletionToken(release, request.Logprobs && !end ? Logprob(piece, request.TopLogprobs) : null, finish);
            if (finish is not null)
                yield break;
        }
    }

    private static TokenLogprobInfo Logprob(string piece, int top)
    {
        var chosen = new TokenAlternative(piece, Encoding.UTF8.GetBytes(piece), -0.01f);
        var alternatives = Enumerable.Range(0, top)
            .Select(k => k == 0 ? chosen : new TokenAlternative($"~{k}", Encoding.UTF8.GetBytes($"~{k}"), chosen.Logprob - k))
            .ToArray();
        return new TokenLogprobInfo(chosen, alternatives);
    }

    [GeneratedRegex(@"\s*(?:[\p{L}\p{N}]+|[^\s\p{L}\p{N}])|\s+$")]
    private static partial Regex TokenPattern();
}
