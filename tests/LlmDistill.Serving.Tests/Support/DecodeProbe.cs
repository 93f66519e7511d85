using System.Collections;
using System.Reflection;
using LlmDistill.Llama;

namespace LlmDistill.Serving.Tests.Support;

/// <summary>
/// Samples how many sequences a <see cref="LlamaContext"/>'s decode loop holds at once. Every active
/// sequence goes into each llama_decode of the loop, so two active at once means a shared batch.
/// The binding exposes no such counter yet, so this reads its private state by reflection (test only);
/// it fails loudly if the binding's internals change.
/// </summary>
internal sealed class DecodeProbe : IAsyncDisposable
{
    private readonly ICollection _active;
    private readonly Thread _sampler;
    private volatile bool _stop;
    private int _peak;

    public DecodeProbe(LlamaContext context)
    {
        var loop = Field(context, "_loop");
        _active = (ICollection)Field(loop, "_active");
        // A yielding loop rather than timed polls: a timer's granularity (1-15 ms) can miss short overlaps.
        _sampler = new Thread(() =>
        {
            while (!_stop)
            {
                _peak = Math.Max(_peak, _active.Count);
                Thread.Yield();
            }
        }) { IsBackground = true, Name = "decode-probe" };
        _sampler.Start();
    }

    /// <summary>Most sequences seen active in the decode loop at one time.</summary>
    public int Peak => Volatile.Read(ref _peak);

    public ValueTask DisposeAsync()
    {
        _stop = true;
        _sampler.Join();
        return ValueTask.CompletedTask;
    }

    private static object Field(object target, string name) =>
        target.GetType().GetField(name, BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(target)
        ?? throw new InvalidOperationException($"{target.GetType().Name}.{name} not found: the llama.cpp binding changed; probe batching another way");
}
