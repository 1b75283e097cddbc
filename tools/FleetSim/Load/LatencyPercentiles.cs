using System.Diagnostics;

namespace Lakegate.FleetSim.Load;

/// <summary>Nearest-rank percentiles over sorted latencies.</summary>
public static class LatencyPercentiles
{
    /// <summary>
    /// The smallest value such that at least <paramref name="percentile"/> % of the values are at or below it
    /// (nearest rank). Zero for no values.
    /// </summary>
    public static long NearestRank(ReadOnlySpan<long> sorted, double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(percentile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        if (sorted.IsEmpty)
        {
            return 0;
        }

        // Rounded first so that e.g. 99.9 % of 1000 values is rank 999, not 1000 through floating-point error.
        var exactRank = Math.Round(percentile / 100.0 * sorted.Length, 9);
        var rank = (int)Math.Ceiling(exactRank);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    /// <summary>p50, p90, p99, p99.9 and max of latencies given in Stopwatch ticks, converted to milliseconds.</summary>
    public static LatencySummary Summarize(ReadOnlySpan<long> sortedTicks, long ticksPerSecond)
    {
        double Ms(long ticks) => ticks * 1000.0 / ticksPerSecond;
        return new LatencySummary(
            sortedTicks.Length,
            Ms(NearestRank(sortedTicks, 50)),
            Ms(NearestRank(sortedTicks, 90)),
            Ms(NearestRank(sortedTicks, 99)),
            Ms(NearestRank(sortedTicks, 99.9)),
            sortedTicks.IsEmpty ? 0 : Ms(sortedTicks[^1]));
    }

    public static LatencySummary Summarize(ReadOnlySpan<long> sortedTicks) => Summarize(sortedTicks, Stopwatch.Frequency);
}
