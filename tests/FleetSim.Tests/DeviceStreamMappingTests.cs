using Lakegate.FleetSim.Replay;

namespace Lakegate.FleetSim.Tests;

public class DeviceStreamMappingTests
{
    [Fact]
    public void A_thousand_devices_share_45_streams_round_robin_at_distinct_offsets()
    {
        var streams = SourceStreamCatalogTests.AllStreams.Value;
        var lengths = streams.Select(s => s.Count).ToArray();

        var assignments = Enumerable.Range(0, 1000).Select(i => DeviceStreamMapping.Assign(i, lengths)).ToArray();

        Assert.Equal(Enumerable.Range(0, 1000).Select(i => i % 45), assignments.Select(a => a.StreamIndex));
        var perStream = assignments.GroupBy(a => a.StreamIndex).ToList();
        Assert.Equal(45, perStream.Count);
        Assert.All(perStream, g => Assert.InRange(g.Count(), 22, 23));
        Assert.All(perStream, g => Assert.Equal(g.Count(), g.Select(a => a.StartIndex).Distinct().Count()));
        Assert.All(assignments, a => Assert.InRange(a.StartIndex, 0, lengths[a.StreamIndex] - 1));
        Assert.All(assignments.Take(45), a => Assert.Equal(0, a.StartIndex));
    }

    [Fact]
    public void The_mapping_is_deterministic()
    {
        int[] lengths = [100, 7, 1];

        Assert.Equal(DeviceStreamMapping.Assign(17, lengths), DeviceStreamMapping.Assign(17, lengths));
        Assert.Equal(new StreamAssignment(2, 0), DeviceStreamMapping.Assign(5, lengths));
        Assert.Equal(new StreamAssignment(0, 61), DeviceStreamMapping.Assign(3, lengths));
    }
}
