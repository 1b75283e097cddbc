using System.Text.Json;

namespace Lakegate.DatabricksEmulator;

/// <summary>A stored record as <c>GET /_emulator/records</c> shows it, with the payload as a JSON object.</summary>
internal sealed record StoredRecordView(
    string DeviceId,
    long Seq,
    DateTimeOffset EventTime,
    DateTimeOffset ReceivedAt,
    JsonElement Payload,
    string BatchId)
{
    public static StoredRecordView Of(EmulatorRecord record) => new(
        record.DeviceId,
        record.Seq,
        record.EventTime,
        record.ReceivedAt,
        JsonSerializer.Deserialize<JsonElement>(record.PayloadJson),
        record.BatchId);
}
