using System.Text.Json;

namespace Lakegate.FleetSim.Replay;

/// <summary>
/// Writes a telemetry request body: one JSON object for a batch of one, otherwise an array of objects.
/// Each object is <c>{"ts", "source", ...recorded fields..., "simSeq"}</c>. <c>ts</c> alternates between an
/// RFC 3339 UTC string (odd <c>simSeq</c>) and Unix epoch milliseconds (even), exercising both forms the
/// gateway accepts; records without a recorded time carry no <c>ts</c>.
/// </summary>
public static class TelemetryBodyWriter
{
    private static readonly JsonEncodedText TsName = JsonEncodedText.Encode("ts");
    private static readonly JsonEncodedText SourceName = JsonEncodedText.Encode("source");
    private static readonly JsonEncodedText SimSeqName = JsonEncodedText.Encode("simSeq");

    /// <summary>Takes <paramref name="count"/> readings from the cursor and writes them.</summary>
    public static void Write(Utf8JsonWriter writer, DeviceReplayCursor cursor, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var asArray = count > 1;
        if (asArray)
        {
            writer.WriteStartArray();
        }

        var source = cursor.Stream.Source;
        for (var i = 0; i < count; i++)
        {
            var reading = cursor.Next(out var ts);
            var simSeq = cursor.Position;
            writer.WriteStartObject();
            if (ts is { } ms)
            {
                if (simSeq % 2 == 1)
                {
                    writer.WriteString(TsName, DateTime.UnixEpoch.AddMilliseconds(ms));
                }
                else
                {
                    writer.WriteNumber(TsName, ms);
                }
            }

            writer.WriteString(SourceName, source);
            reading.WriteFields(writer);
            writer.WriteNumber(SimSeqName, simSeq);
            writer.WriteEndObject();
        }

        if (asArray)
        {
            writer.WriteEndArray();
        }

        writer.Flush();
    }
}
