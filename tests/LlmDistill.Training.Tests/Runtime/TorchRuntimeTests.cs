using LlmDistill.Core.Errors;
using LlmDistill.Training.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmDistill.Training.Tests.Runtime;

public class TorchRuntimeTests
{
    [Fact]
    public void Libtorch_loads_and_computes_a_matmul_and_its_gradient()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]).requires_grad_();
        var b = tensor(new float[] { 5, 6, 7, 8 }, [2, 2]);
        var c = a.matmul(b);
        Assert.Equal(new float[] { 19, 22, 43, 50 }, c.data<float>().ToArray());
        c.sum().backward();
        // d(sum(A·B))/dA[i,k] = sum_j B[k,j]
        Assert.Equal(new float[] { 11, 15, 11, 15 }, a.grad!.data<float>().ToArray());
    }

    [Fact]
    public void The_loaded_native_library_is_the_patched_copy_when_the_system_libstdcxx_is_old()
    {
        var native = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(native), $"{native} missing");
        var systemHasIt = File.Exists(SystemLibStdCxx) &&
                          File.ReadAllBytes(SystemLibStdCxx).AsSpan().IndexOf("GLIBCXX_3.4.32\0"u8) >= 0;
        var bytes = File.ReadAllBytes(native);
        Assert.Equal(!systemHasIt, ElfVersionNeeds.IsWeak(bytes, "GLIBCXX_3.4.32"));
    }

    [Fact]
    public void Device_auto_is_cpu_without_a_gpu_and_unknown_names_are_rejected()
    {
        if (!cuda.is_available())
        {
            Assert.Equal(DeviceType.CPU, DeviceSelector.Resolve("auto").type);
            Assert.Throws<RuntimeUnavailableException>(() => DeviceSelector.Resolve("cuda"));
        }
        Assert.Equal(DeviceType.CPU, DeviceSelector.Resolve("CPU").type);
        Assert.Throws<InvalidInputException>(() => DeviceSelector.Resolve("tpu"));
    }

    private const string SystemLibStdCxx = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6";
}
