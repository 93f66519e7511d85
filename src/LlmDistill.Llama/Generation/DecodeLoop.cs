using System.Collections.Concurrent;
using LlmDistill.Core.Errors;
using LlmDistill.Llama.Native;

namespace LlmDistill.Llama.Generation;

/// <summary>
/// Continuous batching on one dedicated thread per context (llama contexts are not thread-safe).
/// Each step builds one batch: the pending token of every generating sequence, then prompt chunks of
/// newly admitted sequences as far as the batch has room; one llama_decode; then every sequence with an
/// output samples its next token. Finished sequences leave (their KV cells are removed with
/// llama_memory_seq_rm) and waiting requests take their sequence ids.
/// </summary>
internal sealed unsafe partial class DecodeLoop : IDisposable
{
    private readonly LlamaModel _model;
    private readonly SafeLlamaContextHandle _context;
    private readonly IntPtr _memory;
    private readonly int _contextPerSequence;
    // Jobs arrive in groups: a group submitted together is admitted together (one first batch).
    private readonly BlockingCollection<SequenceJob[]> _incoming = new();
    private readonly Queue<SequenceJob> _waiting = new();
    private readonly SequenceJob?[] _slots;
    private readonly List<SequenceJob> _active = [];
    private readonly LlamaBatch _batch;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private volatile Exception? _fault;
    private int _peakActive;
    private long _generated;

    public DecodeLoop(LlamaModel model, SafeLlamaContextHandle context, int sequences, int batchSize, int contextPerSequence)
    {
        _model = model;
        _context = context;
        _memory = NativeMethods.llama_get_memory(context);
        _contextPerSequence = contextPerSequence;
        _slots = new SequenceJob?[sequences];
        _batch = new LlamaBatch(batchSize);
        _thread = new Thread(Run) { IsBackground = true, Name = "llama-decode" };
        _thread.Start();
    }

    /// <summary>Most sequences decoded in one step so far (diagnostics and tests).</summary>
    public int PeakActive => Volatile.Read(ref _peakActive);

    /// <summary>Tokens sampled so far, all sequences together (diagnostics and tests).</summary>
    public long GeneratedTokens => Interlocked.Read(ref _generated);

    public void Submit(params SequenceJob[] jobs)
    {
        try
        {
            _incoming.Add(jobs);
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            if (_fault is { } fault)
                throw new ComputationException($"this llama.cpp context failed earlier: {fault.Message}", fault);
            throw new ObjectDisposedException(nameof(LlamaContext));
        }
    }

    /// <summary>Stops the loop: unfinished sequences fail with <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        _stopping = true;
        _incoming.CompleteAdding();
        if (Thread.CurrentThread != _thread)
            _thread.Join();
        _batch.Dispose();
        _incoming.Dispose();
    }

    private void Run()
    {
        try
        {
            while (!_stopping)
            {
                if (_active.Count == 0 && _waiting.Count == 0)
                {
                    if (!_incoming.TryTake(out var next, Timeout.Infinite))
                        break;
                    Enqueue(next);
                }
                while (_incoming.TryTake(out var more))
                    Enqueue(more);
                DropCancelled();
                Admit();
                if (_active.Count > 0)
                    Step();
            }
        }
#pragma warning disable CA1031 // The loop must report every failure to its callers, never die silently.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _fault = e;
        }
        finally
        {
            // No job may wait forever: refuse new ones, then fail everything still here.
            _incoming.CompleteAdding();
        }
        FailAll(_fault is null
            ? new ObjectDisposedException(nameof(LlamaContext))
            : _fault as LlmDistillException ?? new ComputationException($"llama.cpp decoding failed: {_fault.Message}", _fault));
    }

    private void Enqueue(SequenceJob[] jobs)
    {
        foreach (var job in jobs)
            _waiting.Enqueue(job);
    }

    private void DropCancelled()
    {
        for (var n = _waiting.Count; n > 0; n--)
        {
            var job = _waiting.Dequeue();
            if (job.Cancellation.IsCancellationRequested)
                job.Fail(new OperationCanceledException(job.Cancellation));
            else
                _waiting.Enqueue(job);
        }
        foreach (var job in _active.ToArray())
        {
            if (job.Cancellation.IsCancellationRequested)
                Leave(job, new OperationCanceledException(job.Cancellation));
        }
    }

    private void Admit()
    {
        while (_waiting.Count > 0)
        {
            var seq = Array.IndexOf(_slots, null);
            if (seq < 0)
                return;
            var job = _waiting.Dequeue();
            job.SeqId = seq;
            _slots[seq] = job;
            _active.Add(job);
            if (job.Request is { } request)
            {
                job.Sampler = SamplerChain.Create(request.Sampling);
                job.Text = new TextStreamer(request.StopStrings);
            }
            else
            {
                job.EvaluatedLogits = new float[job.Prompt.Length][];
            }
        }
    }

    private void Step()
    {
        _batch.Clear();
        Volatile.Write(ref _peakActive, Math.Max(_peakActive, _active.Count));
        foreach (var job in _active)
        {
            job.OutputIndex = -1;
            job.ChunkLength = 0;
            if (job.PromptFed == job.Prompt.Length && job.PendingToken >= 0)
                job.OutputIndex = _batch.Add(job.PendingToken, job.Position++, job.SeqId, output: true);
        }
        foreach (var job in _active)
        {
            var room = _batch.Capacity - _batch.Count;
            if (room == 0)
                break;
            var remaining = job.Prompt.Length - job.PromptFed;
            if (remaining == 0)
                continue;
            var n = Math.Min(room, remaining);
            job.ChunkBatchStart = _batch.Count;
            job.ChunkPromptStart = job.PromptFed;
            job.ChunkLength = n;
            for (var k = 0; k < n; k++)
            {
                var i = job.PromptFed + k;
                var last = i == job.Prompt.Length - 1;
                var index = _batch.Add(job.Prompt[i], job.Position++, job.SeqId, output: job.EvaluateOnly || last);
                if (last && !job.EvaluateOnly)
                    job.OutputIndex = index;
            }
            job.PromptFed += n;
        }

        var rc = NativeMethods.llama_decode(_context, _batch.Native);
        if (rc != 0)
        {
            var reason = rc == 1 ? "no room in the KV cache for the batch" : $"error code {rc}";
            var problem = LlamaLog.LastProblem();
            var error = new ComputationException($"llama_decode failed: {reason}{(problem is null ? "" : " (" + problem + ")")}");
            foreach (var job in _active.ToArray())
                Leave(job, error);
            return;
        }

        foreach (var job in _active.ToArray())
        {
            if (job.EvaluateOnly)
                CollectLogits(job);
            else if (job.OutputIndex >= 0)
                Sample(job);
        }
    }

    /// <summary>Removes a sequence from the batch and the KV cache and ends its output.</summary>
    private void Leave(SequenceJob job, Exception? error)
    {
        NativeMethods.llama_memory_seq_rm(_memory, job.SeqId, -1, -1);
        _slots[job.SeqId] = null;
        _active.Remove(job);
        job.Sampler?.Dispose();
        job.Sampler = null;
        if (error is null)
            job.Complete();
        else
            job.Fail(error);
    }

    private void FailAll(Exception error)
    {
        foreach (var job in _active.ToArray())
        {
            try
            {
                Leave(job, error);
            }
            catch (ObjectDisposedException)
            {
                job.Fail(error);
            }
        }
        while (_waiting.TryDequeue(out var job))
            job.Fail(error);
        while (_incoming.TryTake(out var jobs))
        {
            foreach (var job in jobs)
                job.Fail(error);
        }
    }
}
