using System.Diagnostics;
using Lakegate.FleetSim.Load;

namespace Lakegate.FleetSim.Tests;

public class RequestPacerTests
{
    [Fact]
    public void Unlimited_pacer_never_delays()
    {
        var pacer = new RequestPacer(0);

        Assert.True(pacer.IsUnlimited);
        Assert.Equal(12345, pacer.ReserveSlot(12345));
        Assert.True(pacer.WaitAsync(CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public void Slots_are_spaced_by_the_rate_after_a_small_burst()
    {
        var interval = Stopwatch.Frequency / 100;
        var pacer = new RequestPacer(100, burst: TimeSpan.FromSeconds(2.0 / 100));
        var now = 1_000 * Stopwatch.Frequency;

        var slots = Enumerable.Range(0, 5).Select(_ => pacer.ReserveSlot(now)).ToArray();

        // Two intervals of credit are available at once, then one slot per interval.
        Assert.Equal(new[] { now - 2 * interval, now - interval, now, now + interval, now + 2 * interval }, slots);
    }

    [Fact]
    public void Idle_time_earns_no_more_than_the_burst()
    {
        var interval = Stopwatch.Frequency / 10;
        var pacer = new RequestPacer(10, burst: TimeSpan.FromSeconds(0.1));
        var now = 1_000 * Stopwatch.Frequency;
        pacer.ReserveSlot(now);

        var later = now + 60 * Stopwatch.Frequency;
        Assert.Equal(later - interval, pacer.ReserveSlot(later));
        Assert.Equal(later, pacer.ReserveSlot(later));
        Assert.Equal(later + interval, pacer.ReserveSlot(later));
    }

    [Fact]
    public async Task Waiting_holds_requests_to_the_rate()
    {
        var pacer = new RequestPacer(200, burst: TimeSpan.FromMilliseconds(5));
        var started = Stopwatch.GetTimestamp();

        await Task.WhenAll(Enumerable.Range(0, 41).Select(_ => pacer.WaitAsync(CancellationToken.None).AsTask()));

        // 41 requests at 200/s need at least 40 intervals (200 ms) minus the burst credit and timer slack.
        Assert.True(Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(180));
    }
}
