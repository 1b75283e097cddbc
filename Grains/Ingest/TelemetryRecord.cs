using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Lakegate.Grains.Ingest;

/// <summary>One accepted reading on its way to Databricks; (DeviceId, Seq) identifies it forever.</summary>
public sealed class TelemetryRecord(string deviceId, long seq, DateTimeOffset eventTime, DateTimeOffset receivedAt, string payload, string? idempotencyKey = null)
{
    /// <summary>Bytes a record costs beyond its payload, in memory and on the wire (ids, times, JSON framing).</summary>
    public const int OverheadBytes = 160;

    public string DeviceId { get; } = deviceId;
    public long Seq { get; } = seq;
    public DateTimeOffset EventTime { get; } = eventTime;
    public DateTimeOffset ReceivedAt { get; } = receivedAt;

    /// <summary>The reading's JSON object, verbatim as the device sent it.</summary>
    public string Payload { get; } = payload;

    /// <summary>The Idempotency-Key of the request that brought the reading, if it had one.</summary>
    public string? IdempotencyKey { get; } = idempotencyKey;

    /// <summary>
    /// The trace of the ingest request that brought the reading, set on a request's first reading only (and only
    /// while something listens), so the Databricks send span can join it; never stored or sent.
    /// </summary>
    public StrongBox<ActivityContext>? IngestTrace { get; set; }

    public int ApproximateBytes => OverheadBytes + DeviceId.Length + Payload.Length;
}
