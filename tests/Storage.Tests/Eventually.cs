using System.Diagnostics;

namespace Entitlements.Storage.Tests;

/// <summary>Waits for a condition instead of sleeping a fixed time; the failure names what was expected and what was seen.</summary>
internal static class Eventually
{
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string expectation)
    {
        var clock = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            var seen = await probe();
            if (done(seen))
            {
                return seen;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {expectation}; last saw {seen}.");
            }

            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 500));
        }
    }
}
