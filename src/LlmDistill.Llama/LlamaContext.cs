using System.Runtime.CompilerServices;
using LlmDistill.Core.Errors;
using LlmDistill.Llama.Generation;
using LlmDistill.Llama.Native;

namespace LlmDistill.Llama;

/// <summary>
/// An inference context: a KV cache for up to <see cref="SequenceCount"/> sequences and the one thread
/// that decodes them. Requests from any thread are batched together (continuous batching): each runs as
/// its own sequence, joins the running batch as soon as a sequence id is free and leaves when done.
/// </summary>
public sealed class LlamaContext : IDisposable
{
    private readonly SafeLlamaContextHandle _handle;
    private readonly DecodeLoop _loop;
    private int _disposed;

    internal LlamaContext(LlamaModel model, LlamaContextOptions options)
    {
        Model = model;
        Options = options;
        var p = NativeMethods.llama_context_default_params();
        p.n_ctx = checked((uint)(options.ContextSize * options.SequenceCount));
        p.n_batch = (uint)options.BatchSize;
        p.n_ubatch = (uint)options.BatchSize;
        p.n_seq_max = (uint)options.SequenceCount;
        p.n_threads = options.Threads ?? Environment.ProcessorCount;
        p.n_threads_batch = p.n_threads;
        p.no_perf = 1;
        if (options.FullPrecisionKvCache)
        {
            p.type_k = 0; // GGML_TYPE_F32
            p.type_v = 0;
            p.flash_attn_type = 0; // LLAMA_FLASH_ATTN_TYPE_DISABLED
        }
        IntPtr context;
        lock (LlamaModel.LoadGate)
        {
            LlamaLog.ClearRecent();
            context = NativeMethods.llama_init_from_model(model.Handle, p);
        }
        if (context == IntPtr.Zero)
            throw new InvalidInputException($"llama.cpp could not create a context for {model.Path}: {LlamaLog.LastProblem() ?? "no reason given"}");
        _handle = new SafeLlamaContextHandle(context, model.Handle);
        SequenceContextSize = (int)NativeMethods.llama_n_ctx_seq(_handle);
        BatchSize = (int)NativeMethods.llama_n_batch(_handle);
        SequenceCount = (int)NativeMethods.llama_n_seq_max(_handle);
        _loop = new DecodeLoop(model, _handle, SequenceCount, BatchSize, SequenceContextSize);
    }

    public LlamaModel Model { get; }

    public LlamaContextOptions Options { get; }

    /// <summary>Tokens one sequence can hold (prompt + generated), as llama.cpp sized it.</summary>
    public int SequenceContextSize { get; }

    public int BatchSize { get; }

    /// <summary>Sequences decoded together.</summary>
    public int SequenceCount { get; }

    /// <summary>Streams one completion token by token. Breaking out of the loop or cancelling ends the sequence.</summary>
    /// <exception cref="InvalidInputException">The prompt is empty, has invalid tokens, or does not fit the context.</exception>
    public IAsyncEnumerable<GeneratedToken> GenerateStreamAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return StreamAsync(PromptTokens(request), request, cancellationToken);
    }

    /// <summary>Generates one completion.</summary>
    public Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CollectAsync(PromptTokens(request), request, cancellationToken);
    }

    /// <summary>
    /// Generates many completions through this context; results in request order. The requests are
    /// queued together, so as many as there are sequences start in the same first batch.
    /// </summary>
    public async Task<IReadOnlyList<GenerationResult>> GenerateAsync(
        IReadOnlyList<GenerationRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        // Validate all before any starts, so that a bad request does not leave the others half done.
        var prompts = requests.Select(r => PromptTokens(r ?? throw new ArgumentException("null request", nameof(requests)))).ToArray();
        using var all = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var jobs = requests.Select((r, i) => SequenceJob.ForGeneration(prompts[i], r, all.Token)).ToArray();
        Submit(jobs);
        var tasks = jobs.Select(job => CollectAsync(job, all.Token)).ToArray();
        try
        {
            return await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        finally
        {
            // On failure or cancellation, the sequences still running are dropped.
            await all.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Decodes <paramref name="tokens"/> as one sequence and returns the logits at every position
    /// (row i predicts token i + 1), each of <see cref="LlamaModel.VocabSize"/> floats.
    /// </summary>
    public Task<float[][]> EvaluateLogitsAsync(IReadOnlyList<int> tokens, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var prompt = CheckPrompt(tokens.ToArray(), roomForOutput: 0);
        var job = SequenceJob.ForEvaluation(prompt, cancellationToken);
        Submit(job);
        return job.Logits.Task.WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _loop.Dispose();
        _handle.Dispose();
    }

    /// <summary>Most sequences decoded together in one step so far.</summary>
    internal int PeakSequences => _loop.PeakActive;

    /// <summary>Tokens sampled by this context so far.</summary>
    internal long GeneratedTokenCount => _loop.GeneratedTokens;

    private void Submit(params SequenceJob[] jobs)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        _loop.Submit(jobs);
    }

    private async IAsyncEnumerable<GeneratedToken> StreamAsync(
        int[] prompt, GenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var sequenceCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var job = SequenceJob.ForGeneration(prompt, request, sequenceCancellation.Token);
        Submit(job);
        try
        {
            await foreach (var token in ReadAsync(job, cancellationToken).ConfigureAwait(false))
                yield return token;
        }
        finally
        {
            // Early exit (break, exception, cancellation) tells the decode loop to drop the sequence.
            await sequenceCancellation.CancelAsync().ConfigureAwait(false);
        }
    }

    private static async IAsyncEnumerable<GeneratedToken> ReadAsync(SequenceJob job, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var token in job.Output.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            // ReadAllAsync only observes the token when it has to wait; tokens may already be queued.
            cancellationToken.ThrowIfCancellationRequested();
            yield return token;
        }
    }

    private async Task<GenerationResult> CollectAsync(int[] prompt, GenerationRequest request, CancellationToken cancellationToken)
    {
        var tokens = new List<GeneratedToken>();
        await foreach (var token in StreamAsync(prompt, request, cancellationToken).ConfigureAwait(false))
            tokens.Add(token);
        return Result(tokens, prompt.Length);
    }

    private static async Task<GenerationResult> CollectAsync(SequenceJob job, CancellationToken cancellationToken)
    {
        var tokens = new List<GeneratedToken>();
        await foreach (var token in ReadAsync(job, cancellationToken).ConfigureAwait(false))
            tokens.Add(token);
        return Result(tokens, job.Prompt.Length);
    }

    private static GenerationResult Result(List<GeneratedToken> tokens, int promptLength) =>
        new(string.Concat(tokens.Select(t => t.Text)), tokens, tokens[^1].FinishReason ?? FinishReason.Length, promptLength);

    private int[] PromptTokens(GenerationRequest request)
    {
        var tokens = request.PromptTokens?.ToArray()
            ?? Model.Tokenize(request.Prompt ?? throw new InvalidInputException("a generation request needs a prompt"), addSpecial: true, parseSpecial: true);
        return CheckPrompt(tokens, roomForOutput: 1);
    }

    private int[] CheckPrompt(int[] tokens, int roomForOutput)
    {
        if (tokens.Length == 0)
            throw new InvalidInputException("the prompt is empty (no tokens)");
        foreach (var t in tokens)
        {
            if ((uint)t >= (uint)Model.VocabSize)
                throw new InvalidInputException($"prompt token {t} is outside the vocabulary (0..{Model.VocabSize - 1})");
        }
        if (tokens.Length + roomForOutput > SequenceContextSize)
            throw new InvalidInputException($"the prompt has {tokens.Length} tokens; a sequence holds {SequenceContextSize} (raise ContextSize)");
        return tokens;
    }
}
