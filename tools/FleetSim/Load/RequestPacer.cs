using System.Diagnostics;

namespace Lakegate.FleetSim.Load;

/// <summary>
/// Spaces requests to a total rate, shared by all workers, without busy-waiting. Each request reserves the
/// next free slot; a worker whose slot lies ahead sleeps until then. Idle time builds up a small credit
/// (at most <c>burst</c>) so short stalls do not lower the average rate.
/// </summary>
public sealed class RequestPacer
{
    /// <summary>Slots less than this far ahead are taken at once; timers cannot wait more finely.</summary>
    private static readonly long MinimumSleepTicks = Stopwatch.Frequency / 1000;

    private readonly long _intervalTicks;
    private readonly long _burstTicks;
    private long _nextSlot;

    /// <param name="requestsPerSecond">Total rate; 0 or less means unlimited.</param>
    /// <param name="burst">Longest idle credit kept; defaults to 20 ms or one interval, whichever is longer.</param>
    public RequestPacer(double requestsPerSecond, TimeSpan? burst = null)
    {
        if (requestsPerSecond <= 0)
        {
            return;
        }

        _intervalTicks = Math.Max(1, (long)Math.Round(Stopwatch.Frequency / requestsPerSecond));
        var burstTicks = (long)((burst ?? TimeSpan.FromMilliseconds(20)).TotalSeconds * Stopwatch.Frequency);
        _burstTicks = Math.Max(_intervalTicks, burstTicks);
        _nextSlot = long.MinValue;
    }

    public bool IsUnlimited => _intervalTicks == 0;

    /// <summary>Reserves the next slot for a request asked for at <paramref name="now"/> (Stopwatch ticks).</summary>
    public long ReserveSlot(long now)
    {
        if (IsUnlimited)
        {
            return now;
        }

        while (true)
        {
            var next = Volatile.Read(ref _nextSlot);
            var slot = Math.Max(next, now - _burstTicks);
            if (Interlocked.CompareExchange(ref _nextSlot, slot + _intervalTicks, next) == next)
            {
                return slot;
            }
        }
    }

    /// <summary>Waits for this request's slot.</summary>
    public ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        if (IsUnlimited)
        {
            return ValueTask.CompletedTask;
        }

        var now = Stopwatch.GetTimestamp();
        var ahead = ReserveSlot(now) - now;
        return ahead < MinimumSleepTicks
            ? ValueTask.CompletedTask
            : new ValueTask(Task.Delay(Stopwatch.GetElapsedTime(0, ahead), cancellationToken));
    }
}
