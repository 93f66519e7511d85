namespace LlmDistill.Llama.Native;

/// <summary>
/// Owns a <c>llama_batch</c> from <c>llama_batch_init</c> (one sequence id per token) and fills it;
/// <see cref="Dispose"/> calls <c>llama_batch_free</c>. Used only on a context's decode thread.
/// </summary>
internal sealed unsafe class LlamaBatch : IDisposable
{
    private LlamaNativeBatch _batch;
    private bool _disposed;

    public LlamaBatch(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _batch = NativeMethods.llama_batch_init(capacity, 0, 1);
        if (_batch.token == null)
            throw new InvalidOperationException("llama_batch_init failed (out of memory?)");
        Capacity = capacity;
    }

    public int Capacity { get; }

    public int Count => _batch.n_tokens;

    public LlamaNativeBatch Native
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _batch;
        }
    }

    public void Clear() => _batch.n_tokens = 0;

    /// <summary>Appends a token; returns its index in the batch (the index for llama_get_logits_ith when <paramref name="output"/>).</summary>
    public int Add(int token, int pos, int seqId, bool output)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var i = _batch.n_tokens;
        if (i >= Capacity)
            throw new InvalidOperationException($"batch is full ({Capacity} tokens)");
        _batch.token[i] = token;
        _batch.pos[i] = pos;
        _batch.n_seq_id[i] = 1;
        _batch.seq_id[i][0] = seqId;
        _batch.logits[i] = output ? (sbyte)1 : (sbyte)0;
        _batch.n_tokens = i + 1;
        return i;
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        NativeMethods.llama_batch_free(_batch);
        _batch = default;
    }
}
