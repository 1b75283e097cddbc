namespace Lakegate.FleetSim.Load;

/// <summary>One worker's request latencies in Stopwatch ticks; merged across workers at the end of a run.</summary>
public sealed class LatencyLog
{
    private readonly List<long> _ticks = new(4096);

    public int Count => _ticks.Count;

    public void Add(long elapsedTicks) => _ticks.Add(elapsedTicks);

    /// <summary>All latencies of the given logs, sorted ascending.</summary>
    public static long[] MergeSorted(IEnumerable<LatencyLog> logs)
    {
        var all = new long[logs.Sum(l => l._ticks.Count)];
        var offset = 0;
        foreach (var log in logs)
        {
            log._ticks.CopyTo(all, offset);
            offset += log._ticks.Count;
        }

        Array.Sort(all);
        return all;
    }
}
