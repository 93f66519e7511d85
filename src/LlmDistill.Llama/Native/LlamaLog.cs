using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace LlmDistill.Llama.Native;

/// <summary>
/// Receives llama.cpp/ggml log output instead of stderr. Warnings and errors are kept (last few lines)
/// so that a failure can say why; everything goes to <see cref="LlamaRuntime.LogHandler"/> when one is set.
/// </summary>
internal static unsafe class LlamaLog
{
    private const int Kept = 32;
    private static readonly Queue<string> Recent = new();
    private static readonly StringBuilder Line = new();
    private static LlamaLogLevel _lineLevel = LlamaLogLevel.Info;

    internal static void Install() =>
        NativeMethods.llama_log_set(&OnLog, null);

    /// <summary>Recent warning and error lines, oldest first.</summary>
    internal static string[] RecentProblems()
    {
        lock (Recent)
            return [.. Recent];
    }

    internal static void ClearRecent()
    {
        lock (Recent)
            Recent.Clear();
    }

    /// <summary>The most recent error (or warning) line, for an exception message; null when none.</summary>
    internal static string? LastProblem()
    {
        lock (Recent)
            return Recent.Count == 0 ? null : Recent.Last();
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnLog(int level, byte* text, void* userData)
    {
        try
        {
            var message = text == null ? string.Empty : Marshal.PtrToStringUTF8((IntPtr)text) ?? string.Empty;
            Append((LlamaLogLevel)level, message);
        }
#pragma warning disable CA1031 // An exception must never unwind into native code.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private static void Append(LlamaLogLevel level, string message)
    {
        lock (Recent)
        {
            // Level 5 (GGML_LOG_LEVEL_CONT) continues the previous line.
            if (level != LlamaLogLevel.Continue)
                _lineLevel = level;
            Line.Append(message);
            var text = Line.ToString();
            var newline = text.LastIndexOf('\n');
            if (newline < 0)
                return;
            Line.Clear().Append(text, newline + 1, text.Length - newline - 1);
            foreach (var line in text[..newline].Split('\n'))
            {
                if (_lineLevel is LlamaLogLevel.Warning or LlamaLogLevel.Error && line.Length > 0)
                {
                    Recent.Enqueue(line);
                    while (Recent.Count > Kept)
                        Recent.Dequeue();
                }
                LlamaRuntime.LogHandler?.Invoke(_lineLevel, line);
            }
        }
    }
}
