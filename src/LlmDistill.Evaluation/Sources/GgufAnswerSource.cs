using System.Diagnostics;
using System.Text;
using LlmDistill.Core.Prompts;
using LlmDistill.Llama;
using LlmDistill.Llama.Generation;

namespace LlmDistill.Evaluation.Sources;

/// <summary>
/// A GGUF answering through llama.cpp. All requests share one context: each is streamed as its own sequence,
/// and the context decodes the running sequences together (continuous batching), so per-request token times
/// are real times under batched load. Chat prompts go through the model's chat template, or a plain
/// role-labelled transcript when it has none.
/// </summary>
public sealed class GgufAnswerSource : IAnswerSource
{
    private const int DefaultMaxContext = 2048;
    private readonly LlamaModel _model;
    private readonly LlamaContext _context;

    private GgufAnswerSource(ModelDescription description, LlamaModel model, LlamaContext context)
    {
        Model = description;
        _model = model;
        _context = context;
    }

    public ModelDescription Model { get; }

    public int Parallelism => _context.SequenceCount;

    /// <summary>Validates <paramref name="path"/> in managed code, then loads it with llama.cpp.</summary>
    /// <exception cref="Core.Errors.InvalidInputException">The file is missing, not a GGUF, corrupt, or llama.cpp rejects it.</exception>
    /// <exception cref="Core.Errors.RuntimeUnavailableException">llama.cpp cannot be loaded.</exception>
    public static GgufAnswerSource Load(string path, GgufAnswerSourceOptions? options = null)
    {
        options ??= new GgufAnswerSourceOptions();
        var description = ModelDescription.FromGguf(path);
        var model = LlamaModel.Load(path, new LlamaModelOptions { GpuLayerCount = options.GpuLayerCount });
        try
        {
            var context = model.CreateContext(new LlamaContextOptions
            {
                SequenceCount = options.ParallelSequences,
                ContextSize = options.ContextSize ?? Math.Clamp(model.TrainedContextLength, 16, DefaultMaxContext),
                Threads = options.Threads,
            });
            return new GgufAnswerSource(description, model, context);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public async Task<AnswerCompletion> CompleteAsync(AnswerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var prompt = _model.Tokenize(request.Text ?? Render(request.AsMessages()), addSpecial: true, parseSpecial: true);
        var generation = new GenerationRequest
        {
            PromptTokens = prompt,
            MaxTokens = request.MaxTokens,
            StopStrings = request.StopStrings,
            Sampling = request.Temperature <= 0
                ? SamplingOptions.Greedy
                : new SamplingOptions { Temperature = request.Temperature, Seed = request.Seed },
        };

        var text = new StringBuilder();
        var count = 0;
        long start = Stopwatch.GetTimestamp(), first = 0, last = 0;
        FinishReason? finish = null;
        await foreach (var token in _context.GenerateStreamAsync(generation, cancellationToken).ConfigureAwait(false))
        {
            last = Stopwatch.GetTimestamp();
            if (count++ == 0)
                first = last;
            text.Append(token.Text);
            finish = token.FinishReason ?? finish;
        }
        var end = Stopwatch.GetTimestamp();
        return new AnswerCompletion(
            text.ToString(),
            Describe(finish ?? FinishReason.Length),
            prompt.Length,
            count,
            Stopwatch.GetElapsedTime(start, end).TotalMilliseconds,
            count > 0 ? Stopwatch.GetElapsedTime(start, first).TotalMilliseconds : null,
            count > 1 ? Stopwatch.GetElapsedTime(first, last).TotalMilliseconds / (count - 1) : null);
    }

    public ValueTask DisposeAsync()
    {
        _context.Dispose();
        _model.Dispose();
        return ValueTask.CompletedTask;
    }

    private string Render(IReadOnlyList<ChatMessage> messages) => _model.RenderChat(messages);

    private static string Describe(FinishReason reason) => reason switch
    {
        FinishReason.Stop => "stop",
        FinishReason.EndOfSequence => "eos",
        FinishReason.Length => "length",
        FinishReason.ContextFull => "context_full",
        _ => reason.ToString().ToLowerInvariant(),
    };
}
