namespace Lakegate.Chaos.Tests;

/// <summary>The schedule generator alone: replayable from its seed, spaced, and covering every kind.</summary>
public sealed class FaultScheduleTests
{
    [Fact]
    public void The_same_seed_gives_the_same_schedule_and_another_seed_another()
    {
        var profile = ChaosProfile.Short;
        var first = FaultSchedule.Create(42, profile.FaultPhase, profile.MeanTimeBetweenFaults);
        Assert.Equal(first, FaultSchedule.Create(42, profile.FaultPhase, profile.MeanTimeBetweenFaults));
        Assert.NotEqual(first, FaultSchedule.Create(43, profile.FaultPhase, profile.MeanTimeBetweenFaults));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1731210947)]
    [InlineData(int.MaxValue)]
    public void Node_faults_keep_their_gap_and_every_kind_is_injected(int seed)
    {
        var profile = ChaosProfile.Short;
        var schedule = FaultSchedule.Create(seed, profile.FaultPhase, profile.MeanTimeBetweenFaults);
        Assert.All(Enum.GetValues<FaultKind>(), kind => Assert.Contains(schedule, f => f.Kind == kind));
        Assert.All(schedule, f => Assert.InRange(f.At, TimeSpan.Zero, profile.FaultPhase));
        var nodeFaults = schedule.Where(f => FaultSchedule.IsNodeFault(f.Kind)).OrderBy(f => f.At).ToArray();
        foreach (var (earlier, later) in nodeFaults.Zip(nodeFaults.Skip(1)))
        {
            Assert.True(later.At - earlier.At >= FaultSchedule.NodeFaultGap, $"{earlier} and {later} are too close");
        }
    }
}
