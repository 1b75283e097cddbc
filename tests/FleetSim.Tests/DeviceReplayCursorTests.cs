using Lakegate.FleetSim.Data;
using Lakegate.FleetSim.Options;
using Lakegate.FleetSim.Replay;

namespace Lakegate.FleetSim.Tests;

public class DeviceReplayCursorTests
{
    private const long RunStart = 1_750_000_000_000;

    private static SourceStream ThreeReadings() => new(
        "test-node1",
        "test",
        [Reading(1_000, 1), Reading(61_000, 2), Reading(181_000, 3)]);

    private static UlbReading Reading(long arrival, int sequence) => new(arrival, 1, sequence, 20, 3, 50, 21, 1, 1);

    [Fact]
    public void Start_anchor_stamps_the_first_reading_now_and_keeps_the_recorded_gaps()
    {
        var cursor = new DeviceReplayCursor(ThreeReadings(), 0, RunStart, TimestampAnchor.Start);

        var times = Enumerable.Range(0, 4).Select(_ => { cursor.Next(out var ts); return ts; }).ToArray();

        // Cycle = span 180 s + average gap 90 s = 270 s, so the second pass starts 270 s after the first.
        Assert.Equal(new long?[] { RunStart, RunStart + 60_000, RunStart + 180_000, RunStart + 270_000 }, times);
        Assert.Equal(4, cursor.Position);
    }

    [Fact]
    public void End_anchor_puts_a_whole_pass_in_the_past()
    {
        var stream = ThreeReadings();
        var cursor = new DeviceReplayCursor(stream, 1, RunStart, TimestampAnchor.End);

        var first = cursor.Next(out var t1);
        cursor.Next(out var t2);
        var wrapped = cursor.Next(out var t3);

        Assert.Equal(2, ((UlbReading)first).Sequence);
        Assert.Equal(1, ((UlbReading)wrapped).Sequence);
        Assert.Equal(RunStart - stream.CycleMs, t1);
        Assert.Equal(120_000, t2 - t1);
        Assert.Equal(90_000, t3 - t2); // the next pass follows one average gap after the last reading
        Assert.True(t3 < RunStart);
    }

    [Fact]
    public void Every_real_stream_replayed_from_any_offset_stays_in_the_past_for_one_pass()
    {
        foreach (var stream in SourceStreamCatalogTests.AllStreams.Value)
        {
            var cursor = new DeviceReplayCursor(stream, stream.Count / 3, RunStart, TimestampAnchor.End);
            var latest = long.MinValue;
            for (var i = 0; i < stream.Count; i++)
            {
                cursor.Next(out var ts);
                latest = Math.Max(latest, ts ?? long.MinValue);
            }

            Assert.True(latest < RunStart, stream.Name);
        }
    }
}
