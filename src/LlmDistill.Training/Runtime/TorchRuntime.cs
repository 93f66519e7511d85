using LlmDistill.Core.Errors;
using TorchSharp;

namespace LlmDistill.Training.Runtime;

/// <summary>
/// Loads libtorch once and turns a failed load into a <see cref="RuntimeUnavailableException"/> that
/// says what to do, instead of a <see cref="TypeInitializationException"/> from deep inside TorchSharp.
/// Every entry point of this library calls <see cref="EnsureLoaded"/> before touching a tensor.
/// </summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static bool loaded;

    /// <summary>Loads libtorch (CPU, and CUDA when present). Safe to call many times.</summary>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (loaded)
                return;
            try
            {
                // The first touch of the torch class loads libLibTorchSharp and libtorch.
                torch.InitializeDeviceType(DeviceType.CPU);
                _ = torch.cuda.is_available();
            }
            catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException
                                          or InvalidOperationException or BadImageFormatException)
            {
                throw new RuntimeUnavailableException(
                    $"libtorch could not be loaded ({Innermost(e).Message.Split('\n')[0].Trim()}). " +
                    "Build with the libtorch-cpu package (the default), or with -p:TorchRuntime=external " +
                    "and LD_LIBRARY_PATH pointing at a libtorch 2.10+ lib folder (docs: GPU.md).", e);
            }
            loaded = true;
        }
    }

    /// <summary>The libtorch version TorchSharp was built against, for logs and reports.</summary>
    public static string Version
    {
        get
        {
            EnsureLoaded();
            return torch.__version__;
        }
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
            e = e.InnerException;
        return e;
    }
}
