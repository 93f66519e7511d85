using LlmDistill.Core.Errors;
using TorchSharp;

namespace LlmDistill.Training.Runtime;

/// <summary>Turns the <c>--device cpu|cuda|auto</c> option into a torch device.</summary>
public static class DeviceSelector
{
    public const string Auto = "auto";
    public const string Cpu = "cpu";
    public const string Cuda = "cuda";

    /// <summary>
    /// <c>auto</c> is CUDA when libtorch sees a GPU, else the CPU; <c>cuda</c> (or <c>cuda:N</c>) without a
    /// GPU is an error rather than a silent fallback, because a run planned for a GPU would take days.
    /// </summary>
    public static torch.Device Resolve(string? name)
    {
        TorchRuntime.EnsureLoaded();
        var value = string.IsNullOrWhiteSpace(name) ? Auto : name.Trim().ToLowerInvariant();
        if (value == Auto)
            return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
        if (value == Cpu)
            return torch.CPU;
        if (value == Cuda || value.StartsWith(Cuda + ":", StringComparison.Ordinal))
        {
            if (!torch.cuda.is_available())
                throw new RuntimeUnavailableException(
                    $"--device {value}: libtorch sees no CUDA device (this build uses the CPU libtorch unless built with -p:TorchRuntime=external; see GPU.md)");
            return torch.device(value);
        }
        throw new InvalidInputException($"--device {name}: expected cpu, cuda, cuda:N or auto");
    }
}
