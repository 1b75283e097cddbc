using Lakegate.FleetSim.Data;

namespace Lakegate.FleetSim.Replay;

/// <summary>
/// Maps simulated devices onto real source streams round-robin: device i replays stream i mod S. Devices that
/// share a stream start at different readings, spread by the golden ratio over the stream, so they do not
/// send the same data in lockstep.
/// </summary>
public static class DeviceStreamMapping
{
    private const double GoldenRatioFraction = 0.6180339887498949;

    /// <param name="deviceIndex">0-based index of the simulated device.</param>
    /// <param name="streamLengths">Reading count of each stream, in catalog order.</param>
    public static StreamAssignment Assign(int deviceIndex, IReadOnlyList<int> streamLengths)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deviceIndex);
        if (streamLengths.Count == 0)
        {
            throw new ArgumentException("There are no source streams to replay.", nameof(streamLengths));
        }

        var streamIndex = deviceIndex % streamLengths.Count;
        var lap = deviceIndex / streamLengths.Count;
        var length = streamLengths[streamIndex];
        var fraction = lap * GoldenRatioFraction % 1.0;
        var start = Math.Clamp((int)(fraction * length), 0, length - 1);
        return new StreamAssignment(streamIndex, start);
    }

    public static StreamAssignment Assign(int deviceIndex, IReadOnlyList<SourceStream> streams) =>
        Assign(deviceIndex, streams.Select(s => s.Count).ToArray());
}
