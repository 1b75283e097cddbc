using Lakegate.FleetSim.Data;
using Lakegate.FleetSim.Options;

namespace Lakegate.FleetSim.Replay;

/// <summary>
/// Walks one simulated device through its source stream and moves each recorded event time to the present,
/// keeping the recorded gaps. Not thread-safe: a device has at most one request in flight.
/// </summary>
public sealed class DeviceReplayCursor
{
    private readonly SourceStream _stream;
    private readonly int _start;
    private readonly long _shiftMs;
    private long _position;

    /// <param name="stream">The real device's readings.</param>
    /// <param name="startIndex">Reading the device starts with.</param>
    /// <param name="runStartUnixMs">The run's start, the "now" recorded times are moved to.</param>
    /// <param name="anchor">Whether a full pass ends at, or the first sent reading starts at, the run's start.</param>
    public DeviceReplayCursor(SourceStream stream, int startIndex, long runStartUnixMs, TimestampAnchor anchor)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(startIndex, stream.Count);
        _stream = stream;
        _start = startIndex;
        var reference = FirstRecordedTimeFrom(startIndex);
        var anchorPoint = anchor == TimestampAnchor.End ? reference + stream.CycleMs : reference;
        _shiftMs = runStartUnixMs - anchorPoint;
    }

    public SourceStream Stream => _stream;

    /// <summary>How many readings this cursor has handed out.</summary>
    public long Position => _position;

    /// <summary>Hands out the next reading and its shifted event time (<c>null</c> when the record has none).</summary>
    public ISensorReading Next(out long? shiftedEventTimeUnixMs)
    {
        var absolute = _start + _position;
        var lap = absolute / _stream.Count;
        var reading = _stream.Readings[(int)(absolute % _stream.Count)];
        shiftedEventTimeUnixMs = reading.EventTimeUnixMs is { } recorded
            ? recorded + lap * _stream.CycleMs + _shiftMs
            : null;
        _position++;
        return reading;
    }

    /// <summary>Recorded time of the first timestamped reading at or after <paramref name="index"/>, wrapping around.</summary>
    private long FirstRecordedTimeFrom(int index)
    {
        for (var step = 0; step < _stream.Count; step++)
        {
            var absolute = index + step;
            if (_stream.Readings[absolute % _stream.Count].EventTimeUnixMs is { } t)
            {
                return t + absolute / _stream.Count * _stream.CycleMs;
            }
        }

        return 0;
    }
}
