using System.Diagnostics;
using Spectre.Console;

namespace LlmDistill.Cli.Output;

/// <summary>
/// One long-running step's progress: a fraction and a short status (rate, tokens, failures). Safe to
/// call from any thread; plain output is throttled so logs stay readable.
/// </summary>
public sealed class ProgressDisplay
{
    private readonly string _description;
    private readonly TimeSpan _interval;
    private readonly TextWriter? _plain;
    private readonly ProgressTask? _task;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private TimeSpan? _lastPrinted;
    private bool _closed;

    internal ProgressDisplay(string description, TimeSpan interval, TextWriter? plain, ProgressTask? task)
    {
        _description = description;
        _interval = interval;
        _plain = plain;
        _task = task;
    }

    public void Update(double fraction, string status)
    {
        fraction = Math.Clamp(double.IsFinite(fraction) ? fraction : 0, 0, 1);
        lock (_gate)
        {
            if (_closed)
                return;
            if (_task is not null)
            {
                _task.Value = fraction;
                _task.Description = Markup.Escape($"{_description} {status}");
                return;
            }
            var now = _clock.Elapsed;
            if (_plain is null || (now - _lastPrinted < _interval && fraction < 1))
                return;
            _lastPrinted = now;
            _plain.WriteLine($"{_description}: {fraction:P0} {status} ({now:hh\\:mm\\:ss})");
        }
    }

    /// <summary>The step is over: later reports (from work still winding down) are dropped.</summary>
    internal void Close()
    {
        lock (_gate)
            _closed = true;
    }
}
