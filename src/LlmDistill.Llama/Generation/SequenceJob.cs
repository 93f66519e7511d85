using System.Threading.Channels;
using LlmDistill.Llama.Native;

namespace LlmDistill.Llama.Generation;

/// <summary>
/// One sequence on its way through a <see cref="DecodeLoop"/>: the request, where its output goes, and
/// the loop's bookkeeping (touched only on the decode thread once submitted).
/// </summary>
internal sealed class SequenceJob
{
    private SequenceJob(int[] prompt, GenerationRequest? request, CancellationToken cancellation)
    {
        Prompt = prompt;
        Request = request;
        Cancellation = cancellation;
    }

    public int[] Prompt { get; }

    /// <summary>Null for a logits evaluation (no generation).</summary>
    public GenerationRequest? Request { get; }

    public CancellationToken Cancellation { get; }

    public bool EvaluateOnly => Request is null;

    /// <summary>Generated tokens (generation jobs).</summary>
    public Channel<GeneratedToken> Output { get; } =
        Channel.CreateUnbounded<GeneratedToken>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    /// <summary>Logits of every prompt position (evaluation jobs).</summary>
    public TaskCompletionSource<float[][]> Logits { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Decode-thread state.
    public int SeqId { get; set; } = -1;

    /// <summary>Tokens of this sequence in the KV cache (the next position).</summary>
    public int Position { get; set; }

    public int PromptFed { get; set; }

    /// <summary>Sampled token not yet decoded, or -1.</summary>
    public int PendingToken { get; set; } = -1;

    /// <summary>Batch index whose logits this sequence samples from after the current decode, or -1.</summary>
    public int OutputIndex { get; set; } = -1;

    public int ChunkBatchStart { get; set; }

    public int ChunkPromptStart { get; set; }

    public int ChunkLength { get; set; }

    public int Generated { get; set; }

    public SafeLlamaSamplerChainHandle? Sampler { get; set; }

    public TextStreamer? Text { get; set; }

    public float[][]? EvaluatedLogits { get; set; }

    public static SequenceJob ForGeneration(int[] prompt, GenerationRequest request, CancellationToken cancellation) =>
        new(prompt, request, cancellation);

    public static SequenceJob ForEvaluation(int[] prompt, CancellationToken cancellation) =>
        new(prompt, null, cancellation);

    public void Complete()
    {
        Output.Writer.TryComplete();
        if (EvaluatedLogits is { } logits)
            Logits.TrySetResult(logits);
    }

    public void Fail(Exception error)
    {
        Output.Writer.TryComplete(error);
        Logits.TrySetException(error);
    }
}
