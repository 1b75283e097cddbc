namespace Lakegate.DatabricksEmulator;

/// <summary>
/// One telemetry record as the emulated workspace stored it. <c>(DeviceId, Seq)</c> identifies it.
/// </summary>
/// <param name="DeviceId">The record's <c>device_id</c>.</param>
/// <param name="Seq">The record's per-device sequence number, <c>seq</c>.</param>
/// <param name="EventTime">The record's <c>event_time</c>.</param>
/// <param name="ReceivedAt">The record's <c>received_at</c> (when the gateway received it).</param>
/// <param name="PayloadJson">The record's <c>payload</c> object as raw JSON text, verbatim.</param>
/// <param name="BatchId">The <c>batch_id</c> of the batch (or SQL statement) that first delivered it.</param>
public sealed record EmulatorRecord(
    string DeviceId,
    long Seq,
    DateTimeOffset EventTime,
    DateTimeOffset ReceivedAt,
    string PayloadJson,
    string BatchId);
