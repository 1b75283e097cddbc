using Lakegate.Grains.Ingest;

namespace Lakegate.Durable.Tests.Infrastructure;

/// <summary>Builds telemetry records for tests.</summary>
public static class Readings
{
    public static readonly DateTimeOffset BaseTime = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static TelemetryRecord Record(string deviceId, long seq, DateTimeOffset? receivedAt = null) =>
        new(deviceId, seq, BaseTime.AddSeconds(seq), receivedAt ?? BaseTime.AddSeconds(seq).AddMilliseconds(250),
            $$"""{"temperature":{{20 + (seq % 10)}},"seq":{{seq}}}""");

    public static IReadOnlyList<TelemetryRecord> Batch(string deviceId, long firstSeq, int count) =>
        Enumerable.Range(0, count).Select(i => Record(deviceId, firstSeq + i)).ToList();
}
