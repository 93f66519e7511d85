namespace LlmDistill.Serving.Tests.Support;

internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> every 20 ms for at most <paramref name="seconds"/>.</summary>
    public static async Task<bool> TrueAsync(Func<bool> condition, double seconds = 5)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                return false;
            await Task.Delay(20);
        }
        return true;
    }
}
