using Lakegate.FleetSim.Load;

namespace Lakegate.FleetSim.Tests;

public class LatencyPercentilesTests
{
    [Fact]
    public void Nearest_rank_over_one_to_a_thousand()
    {
        var values = Enumerable.Range(1, 1000).Select(i => (long)i).ToArray();

        Assert.Equal(500, LatencyPercentiles.NearestRank(values, 50));
        Assert.Equal(900, LatencyPercentiles.NearestRank(values, 90));
        Assert.Equal(990, LatencyPercentiles.NearestRank(values, 99));
        Assert.Equal(999, LatencyPercentiles.NearestRank(values, 99.9));
        Assert.Equal(1000, LatencyPercentiles.NearestRank(values, 100));
        Assert.Equal(1, LatencyPercentiles.NearestRank(values, 0));
    }

    [Fact]
    public void Small_and_empty_samples()
    {
        Assert.Equal(0, LatencyPercentiles.NearestRank([], 99));
        Assert.Equal(7, LatencyPercentiles.NearestRank([7], 50));
        Assert.Equal(7, LatencyPercentiles.NearestRank([7], 99.9));
        long[] ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        Assert.Equal(5, LatencyPercentiles.NearestRank(ten, 50));
        Assert.Equal(10, LatencyPercentiles.NearestRank(ten, 99));
    }

    [Fact]
    public void Summary_converts_ticks_to_milliseconds()
    {
        var ticks = Enumerable.Range(1, 1000).Select(i => i * 10_000L).ToArray();

        var summary = LatencyPercentiles.Summarize(ticks, ticksPerSecond: 10_000_000);

        Assert.Equal(new LatencySummary(1000, 500, 900, 990, 999, 1000), summary);
    }

    [Fact]
    public void Logs_of_several_workers_merge_sorted()
    {
        var a = new LatencyLog();
        var b = new LatencyLog();
        a.Add(30);
        a.Add(10);
        b.Add(20);

        Assert.Equal(new long[] { 10, 20, 30 }, LatencyLog.MergeSorted([a, b]));
    }
}
