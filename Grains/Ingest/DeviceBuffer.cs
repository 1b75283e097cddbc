namespace Lakegate.Grains.Ingest;

/// <summary>A device's readings waiting to be handed to delivery, with the size and age that trigger a flush.</summary>
public sealed class DeviceBuffer
{
    private List<TelemetryRecord> _records = [];

    public int Count => _records.Count;

    public DateTimeOffset? OldestReceivedAt { get; private set; }

    public void Add(TelemetryRecord record, DateTimeOffset now)
    {
        OldestReceivedAt ??= now;
        _records.Add(record);
    }

    public bool IsFull(int maxReadings) => _records.Count >= maxReadings;

    public bool IsDue(DateTimeOffset now, TimeSpan maxAge) =>
        OldestReceivedAt is { } oldest && now - oldest >= maxAge;

    /// <summary>When the oldest reading reaches the age limit; null when empty.</summary>
    public DateTimeOffset? DueAt(TimeSpan maxAge) => OldestReceivedAt + maxAge;

    /// <summary>Removes and returns everything buffered.</summary>
    public IReadOnlyList<TelemetryRecord> Drain()
    {
        var drained = _records;
        _records = [];
        OldestReceivedAt = null;
        return drained;
    }
}
