using LlmDistill.Evaluation.Metrics;

namespace LlmDistill.Evaluation.Tests.Metrics;

public sealed class PeakMemoryTests
{
    [Fact]
    public void Reads_a_peak_at_least_the_current_working_set_on_linux()
    {
        if (!OperatingSystem.IsLinux())
            return;

        var peak = PeakMemory.ReadPeakRssBytes();

        Assert.NotNull(peak);
        Assert.True(peak >= Environment.WorkingSet / 2, $"peak {peak} vs working set {Environment.WorkingSet}");
    }
}
