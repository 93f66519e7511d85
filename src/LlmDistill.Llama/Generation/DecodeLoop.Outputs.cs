using LlmDistill.Core.Errors;
using LlmDistill.Llama.Native;

namespace LlmDistill.Llama.Generation;

// What happens with a sequence's outputs after a decode: logits collected, or the next token sampled,
// turned into text and checked against the finish conditions.
internal sealed unsafe partial class DecodeLoop
{
    private ReadOnlySpan<float> Logits(int batchIndex)
    {
        var row = NativeMethods.llama_get_logits_ith(_context, batchIndex);
        if (row == null)
            throw new ComputationException($"llama.cpp returned no logits for batch entry {batchIndex}");
        return new ReadOnlySpan<float>(row, _model.VocabSize);
    }

    private void CollectLogits(SequenceJob job)
    {
        for (var k = 0; k < job.ChunkLength; k++)
            job.EvaluatedLogits![job.ChunkPromptStart + k] = Logits(job.ChunkBatchStart + k).ToArray();
        if (job.PromptFed == job.Prompt.Length)
            Leave(job, error: null);
    }

    private void Sample(SequenceJob job)
    {
        var request = job.Request!;
        var logits = Logits(job.OutputIndex);
        var token = NativeMethods.llama_sampler_sample(job.Sampler!, _context, job.OutputIndex);
        var logSumExp = Logprobs.LogSumExp(logits);
        var logprob = logits[token] - logSumExp;
        var top = request.TopLogprobs > 0 ? Logprobs.TopK(logits, logSumExp, request.TopLogprobs) : [];
        job.Generated++;
        Interlocked.Increment(ref _generated);

        var text = job.Text!;
        string released;
        FinishReason? finish = null;
        if (NativeMethods.llama_vocab_is_eog(_model.Vocab, token))
        {
            released = text.Finish();
            finish = FinishReason.EndOfSequence;
        }
        else
        {
            released = AppendPiece(text, token);
            if (text.Stopped)
                finish = FinishReason.Stop;
            else if (job.Generated >= request.MaxTokens)
                finish = FinishReason.Length;
            else if (job.Position >= _contextPerSequence)
                finish = FinishReason.ContextFull;
            if (finish is FinishReason.Length or FinishReason.ContextFull)
                released += text.Finish();
        }
        job.Output.Writer.TryWrite(new GeneratedToken(token, released, logprob, top, finish));
        if (finish is null)
            job.PendingToken = token;
        else
            Leave(job, error: null);
    }

    private string AppendPiece(TextStreamer text, int token)
    {
        // The context holds the model handle, so the vocabulary outlives a disposed LlamaModel wrapper.
        Span<byte> small = stackalloc byte[128];
        var n = Piece(token, small);
        if (n >= 0)
            return text.Append(small[..n]);
        var large = new byte[-n];
        n = Piece(token, large);
        return text.Append(large.AsSpan(0, n));
    }

    private int Piece(int token, Span<byte> destination)
    {
        fixed (byte* b = destination)
            return NativeMethods.llama_token_to_piece(_model.Vocab, token, b, destination.Length, 0, special: false);
    }
}
