using System.Runtime.CompilerServices;
using System.Text;
using LlmDistill.Core.Errors;
using LlmDistill.Core.Prompts;
using LlmDistill.Llama;
using LlmDistill.Llama.Generation;

namespace LlmDistill.Serving.Backend;

/// <summary>
/// Serves a GGUF model through one llama.cpp context with <see cref="ServeOptions.ParallelSequences"/>
/// sequences: concurrent requests are decoded together (continuous batching in <see cref="LlamaContext"/>).
/// </summary>
public sealed class LlamaCompletionBackend : ICompletionBackend
{
    private readonly LlamaModel _model;
    private readonly LlamaContext _context;
    private readonly string? _chatTemplate;
    private readonly BackendCounters _counters = new();

    private LlamaCompletionBackend(LlamaModel model, LlamaContext context, string? chatTemplate)
    {
        _model = model;
        _context = context;
        _chatTemplate = chatTemplate;
    }

    public int ContextSize => _context.SequenceContextSize;

    /// <summary>The loaded model (for its chat template, vocabulary and so on).</summary>
    public LlamaModel Model => _model;

    /// <summary>Sequences decoded together.</summary>
    public int SequenceCount => _context.SequenceCount;

    /// <summary>The shared context (tests probe its batching).</summary>
    internal LlamaContext Context => _context;

    /// <summary>Loads <see cref="ServeOptions.ModelPath"/> and creates the shared context.</summary>
    /// <exception cref="InvalidInputException">The model is missing, corrupt, or its chat template option is unsupported.</exception>
    /// <exception cref="RuntimeUnavailableException">llama.cpp cannot be loaded.</exception>
    public static LlamaCompletionBackend Load(ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var model = LlamaModel.Load(options.ModelPath, new LlamaModelOptions { GpuLayerCount = options.GpuLayerCount });
        try
        {
            var context = model.CreateContext(new LlamaContextOptions
            {
                ContextSize = options.ContextSize,
                SequenceCount = options.ParallelSequences,
                Threads = options.Threads,
            });
            var backend = new LlamaCompletionBackend(model, context, options.ChatTemplate);
            if (options.ChatTemplate is not null)
                _ = backend.FormatChat([new ChatMessage(ChatMessage.UserRole, "test")]); // fail at start, not per request
            return backend;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public string FormatChat(IReadOnlyList<ChatMessage> messages) => ChatPromptFormatter.Format(_model, messages, _chatTemplate);

    public CompletionJob Start(CompletionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var prompt = _model.Tokenize(request.Prompt, addSpecial: true, parseSpecial: true);
        if (prompt.Length == 0)
            throw new InvalidInputException("the prompt is empty");
        var room = ContextSize - prompt.Length;
        if (room < 1)
            throw new InvalidInputException($"the prompt has {prompt.Length} tokens; this server's context holds {ContextSize} per request");
        var generation = new GenerationRequest
        {
            PromptTokens = prompt,
            MaxTokens = Math.Min(request.MaxTokens ?? room, room),
            StopStrings = request.Stop,
            TopLogprobs = request.Logprobs ? request.TopLogprobs : 0,
            Sampling = request.Temperature == 0
                ? SamplingOptions.Greedy
                : new SamplingOptions { Temperature = request.Temperature, TopP = request.TopP, Seed = request.Seed },
        };
        var tokens = Generate(generation, request.Logprobs, cancellationToken);
        return new CompletionJob(prompt.Length, _counters.Track(tokens, cancellationToken));
    }

    public BackendStatistics GetStatistics() => _counters.Snapshot();

    public ValueTask DisposeAsync()
    {
        _context.Dispose();
        _model.Dispose();
        return ValueTask.CompletedTask;
    }

    private async IAsyncEnumerable<CompletionToken> Generate(
        GenerationRequest request, bool logprobs, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var token in _context.GenerateStreamAsync(request, cancellationToken))
        {
            var finish = token.FinishReason switch
            {
                null => (CompletionFinish?)null,
                FinishReason.Stop or FinishReason.EndOfSequence => CompletionFinish.Stop,
                _ => CompletionFinish.Length,
            };
            // The end-of-generation token has no text: OpenAI leaves it out of logprobs, and so do we.
            var info = logprobs && !_model.IsEndOfGeneration(token.TokenId)
                ? new TokenLogprobInfo(Alternative(token.TokenId, token.Logprob), token.TopLogprobs.Select(t => Alternative(t.TokenId, t.Logprob)).ToArray())
                : null;
            yield return new CompletionToken(token.Text, info, finish);
        }
    }

    private TokenAlternative Alternative(int token, float logprob)
    {
        var bytes = _model.TokenToPiece(token, special: true);
        return new TokenAlternative(Encoding.UTF8.GetString(bytes), bytes, logprob);
    }
}
