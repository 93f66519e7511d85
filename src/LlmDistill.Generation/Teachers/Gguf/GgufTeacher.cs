using LlmDistill.Core.Examples;
using LlmDistill.Core.Prompts;
using LlmDistill.Llama;
using LlmDistill.Llama.Generation;

namespace LlmDistill.Generation.Teachers.Gguf;

/// <summary>
/// A local GGUF model run by llama.cpp as a teacher. Concurrent requests share one context with several
/// parallel sequences, so they are decoded together in one batch (continuous batching); logprobs come
/// straight from the logits, with token ids.
/// </summary>
public sealed class GgufTeacher : ITeacher
{
    private readonly LlamaModel _model;
    private readonly LlamaContext _context;
    private readonly Func<IReadOnlyList<ChatMessage>, string> _format;

    private GgufTeacher(LlamaModel model, LlamaContext context, Func<IReadOnlyList<ChatMessage>, string> format, string name)
    {
        _model = model;
        _context = context;
        _format = format;
        Name = name;
    }

    public string Name { get; }

    /// <summary>Parallel sequences decoded per batch.</summary>
    public int Parallel => _context.SequenceCount;

    /// <summary>
    /// Loads <paramref name="path"/>. <paramref name="format"/> turns a chat into the prompt text. By default a
    /// model trained by llm-distill (its GGUF records a step-by-step or cot format) is asked in that format, the
    /// last user message being the question, so that it writes what it was trained to write; any other model
    /// gets <see cref="LlamaModel.RenderChat"/>: its chat template, or a plain transcript.
    /// </summary>
    public static GgufTeacher Load(string path, int parallel = 8, int contextPerSequence = 1024, int? threads = null,
        Func<IReadOnlyList<ChatMessage>, string>? format = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallel, 1);
        var model = LlamaModel.Load(path);
        try
        {
            var context = model.CreateContext(new LlamaContextOptions
            {
                SequenceCount = parallel,
                ContextSize = contextPerSequence,
                Threads = threads,
            });
            format ??= StudentFormat.ReasoningTarget(model.GetMetadata(StudentFormat.MetadataKey)) is { } target
                ? messages => StudentFormat.Prompt(target, messages.Last(m => m.Role == ChatMessage.UserRole).Content)
                : model.RenderChat;
            return new GgufTeacher(model, context, format, $"gguf:{Path.GetFileName(path)}");
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public async Task<TeacherResponse> CompleteAsync(TeacherRequest request, CancellationToken cancellationToken)
    {
        var result = await _context.GenerateAsync(new GenerationRequest
        {
            Prompt = _format(request.Messages),
            MaxTokens = request.MaxTokens,
            StopStrings = request.Stop,
            TopLogprobs = request.TopLogprobs,
            Sampling = request.Temperature <= 0
                ? SamplingOptions.Greedy
                : new SamplingOptions { Temperature = (float)request.Temperature, Seed = request.Seed is { } s ? unchecked((uint)s) : null },
        }, cancellationToken);

        return new TeacherResponse(result.Text,
            result.FinishReason is FinishReason.Length or FinishReason.ContextFull ? "length" : "stop",
            result.PromptTokenCount, result.Tokens.Count,
            request.TopLogprobs > 0 ? Logprobs(result) : null);
    }

    private List<TopLogprob> Logprobs(GenerationResult result)
    {
        var list = new List<TopLogprob>();
        for (var position = 0; position < result.Tokens.Count; position++)
        {
            foreach (var alternative in result.Tokens[position].TopLogprobs)
                list.Add(new TopLogprob(position, Piece(alternative.TokenId), alternative.TokenId, alternative.Logprob));
        }
        return list;
    }

    private string Piece(int token) => System.Text.Encoding.UTF8.GetString(_model.TokenToPiece(token, special: true));

    public ValueTask DisposeAsync()
    {
        _context.Dispose();
        _model.Dispose();
        return ValueTask.CompletedTask;
    }
}
