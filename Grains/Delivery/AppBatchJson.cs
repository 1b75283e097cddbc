using System.Buffers;
using System.Text.Json;

namespace Lakegate.Grains.Delivery;

/// <summary>
/// The body the Databricks App receives, in Databricks' snake_case:
/// {"batch_id", "records": [{"device_id", "seq", "event_time", "received_at", "payload"}]}.
/// Payloads are written verbatim: they were validated as JSON objects on ingest.
/// </summary>
public static class AppBatchJson
{
    public static byte[] Write(SinkBatch batch)
    {
        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(batch.ApproximateBytes + 64, int.MaxValue / 2));
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("batch_id"u8, batch.BatchId);
            writer.WriteStartArray("records"u8);
            foreach (var record in batch.Records)
            {
                writer.WriteStartObject();
                writer.WriteString("device_id"u8, record.DeviceId);
                writer.WriteNumber("seq"u8, record.Seq);
                writer.WriteString("event_time"u8, record.EventTime.UtcDateTime);
                writer.WriteString("received_at"u8, record.ReceivedAt.UtcDateTime);
                writer.WritePropertyName("payload"u8);
                writer.WriteRawValue(record.Payload, skipInputValidation: true);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
