namespace Lakegate.FleetSim.Data;

/// <summary>
/// The recorded readings of one real device (a ULB mote or a Chicago beach buoy) in replay order.
/// Replaying past the end starts over, one <see cref="CycleMs"/> later, so event times keep moving forward.
/// </summary>
public sealed class SourceStream
{
    public SourceStream(string name, string source, IReadOnlyList<ISensorReading> readings)
    {
        if (readings.Count == 0)
        {
            throw new ArgumentException($"Source stream {name} has no readings.", nameof(readings));
        }

        Name = name;
        Source = source;
        Readings = readings;
        CycleMs = ComputeCycle(readings);
    }

    /// <summary>Stable name of the real device, e.g. <c>ulb-library1-node10</c>.</summary>
    public string Name { get; }

    /// <summary>The deployment the device belongs to, sent as the reading's <c>source</c> field.</summary>
    public string Source { get; }

    public IReadOnlyList<ISensorReading> Readings { get; }

    public int Count => Readings.Count;

    /// <summary>
    /// Event-time length of one pass: first to last recorded time plus one average gap, so the first reading
    /// of the next pass follows the last one as the stream's own cadence would.
    /// </summary>
    public long CycleMs { get; }

    private static long ComputeCycle(IReadOnlyList<ISensorReading> readings)
    {
        long? first = null;
        long? last = null;
        var timed = 0;
        foreach (var reading in readings)
        {
            if (reading.EventTimeUnixMs is { } t)
            {
                first ??= t;
                last = t;
                timed++;
            }
        }

        if (first is null || last is null)
        {
            return 0;
        }

        var span = Math.Max(0, last.Value - first.Value);
        var averageGap = timed > 1 ? span / (timed - 1) : 60_000;
        return span + Math.Max(1, averageGap);
    }
}
